package org.vae4j.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.TrainingHistory;

/**
 * The page apart from training: the style sheet comes from the classpath resource and is inlined unchanged, and the
 * page is drawn from its snapshot alone. The page of a real run: {@link RunReportTest}.
 */
class ReportPageTest {

    private static ReportSnapshot beforeTheFirstEpoch(Path folder) {
        return new ReportSnapshot("A <run>", folder, ZonedDateTime.of(2024, 1, 2, 3, 4, 5, 678_000_000,
                ZoneOffset.UTC), null, new TrainingHistory(List.of()), 64, 0, new TreeMap<>(), null, 0, 0, Map.of());
    }

    @Test
    void theStyleSheetIsFoundAndInlined() throws Exception {
        String css;
        try (InputStream in = ReportPage.class.getResourceAsStream(ReportPage.CSS_RESOURCE)) {
            assertNotNull(in, "org/vae4j/report/report.css on the classpath");
            css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(css.contains("img.grid { image-rendering: pixelated; }"), css);
        // vae-core's resources are filtered: the copy on the classpath must be the file as written
        Path source = Path.of("src/main/resources/org/vae4j/report", ReportPage.CSS_RESOURCE);
        assertEquals(Files.readString(source, StandardCharsets.UTF_8), css, "report.css changed by filtering");
        assertFalse(css.contains("${"), "no Maven property references in report.css");
        assertEquals(css, ReportPage.CSS);

        String html = ReportPage.render(beforeTheFirstEpoch(Path.of("/runs/a").toAbsolutePath()));
        assertTrue(html.contains("<style>\n" + css + "</style>\n</head>"), "the style sheet inlined");
        assertTrue(html.contains("img.grid { image-rendering: pixelated; }"));
        assertFalse(html.contains("<link rel=\"stylesheet\""), "no separate style sheet");
    }

    @Test
    void thePageIsDrawnFromTheSnapshotAlone() throws Exception {
        Path folder = Path.of("/runs/a").toAbsolutePath();
        ReportSnapshot snapshot = beforeTheFirstEpoch(folder);
        String html = ReportPage.render(snapshot);
        assertEquals(html, ReportPage.render(snapshot));
        assertTrue(html.contains("<title>A &lt;run&gt;</title>"));
        assertTrue(html.contains("Written 2024-01-02T03:04:05Z into " + folder + "."),
                "the snapshot's time, to the second");
        assertTrue(html.contains("<p>Not known before the first epoch.</p>"));
        assertFalse(html.contains("id=\"samples\""));
    }

    @Test
    void aSnapshotStaysAsTakenWhenTheReportGoesOn(@TempDir Path dir) throws Exception {
        RunReport report = RunReport.builder(dir).build();
        ReportSnapshot before = report.snapshot();
        report.addText("Notes", "one");
        ReportSnapshot after = report.snapshot();
        report.addText("Notes", "two");

        assertTrue(before.sections().isEmpty());
        assertEquals(List.of("Notes"), List.copyOf(after.sections().keySet()));
        assertEquals(1, after.sections().get("Notes").size(), "later items are not in an earlier snapshot");
        assertThrows(UnsupportedOperationException.class, () -> after.sections().put("x", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> after.samples().put(1, new byte[0]));
        assertTrue(Files.readString(report.file()).contains("<pre class=\"text\">two</pre>"));
    }
}
