package org.vae4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.LoggerFactory;
import org.vae4j.console.CommandLines;
import org.vae4j.examples.quickstart.LatentSpace2d;
import org.vae4j.report.RunReport;

/**
 * Opens the run reports of two short real-MNIST runs in headless Chromium, driven through chromedriver by Selenium:
 * {@code TrainMnist} (2 epochs on 2,000 images) and {@code LatentSpace2d} (1 epoch on 1,000 images; its report adds
 * the 2-D scatter plot and the manifold). For each page it checks that the expected sections exist, that every
 * image decoded ({@code naturalWidth > 0}, as wide as the PNG it embeds), and that the browser logged no error
 * (no SEVERE entry), and saves a full-page screenshot to {@code target/report-screenshots/}.
 *
 * <p>Needs Chromium and chromedriver (Debian: {@code apt-get install chromium chromium-driver}); found as
 * {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}, or where the {@code VAE4J_CHROMIUM} and
 * {@code VAE4J_CHROMEDRIVER} variables point. Without them the test is skipped, naming what is missing, unless
 * {@code VAE4J_REQUIRE_BROWSER=1} (as {@code .ci/run} sets), which makes it fail instead.
 */
class ReportInBrowserTest {
    /** Chromium flags for a closed network and no desktop session; without them Chromium stalls here. */
    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,1000");
    private static final Path SCREENSHOTS = Path.of("target", "report-screenshots");

    private static ChromeDriver browser;
    private static Path profile;
    private static String skipReason;

    @BeforeAll
    static void startBrowser() throws Exception {
        File chromium = executable("VAE4J_CHROMIUM", "/usr/bin/chromium");
        File driver = executable("VAE4J_CHROMEDRIVER", "/usr/bin/chromedriver");
        String missing = (chromium == null ? " Chromium (VAE4J_CHROMIUM or /usr/bin/chromium)" : "")
                + (driver == null ? " chromedriver (VAE4J_CHROMEDRIVER or /usr/bin/chromedriver)" : "");
        if (!missing.isEmpty()) {
            String reason = "the run report's browser test needs" + missing + "; on Debian: apt-get install chromium"
                    + " chromium-driver";
            if ("1".equals(System.getenv("VAE4J_REQUIRE_BROWSER"))) {
                fail(reason + " (VAE4J_REQUIRE_BROWSER=1)");
            }
            skipReason = reason + "; skipped";
            LoggerFactory.getLogger(ReportInBrowserTest.class).warn(skipReason);
            return;
        }
        profile = Files.createTempDirectory("vae4j-chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver)
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    /** Skips each test, with the reason, when there is no browser (a class-level skip shows no reason in Maven). */
    @BeforeEach
    void needsBrowser() {
        Assumptions.assumeTrue(browser != null, skipReason);
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static File executable(String variable, String fallback) {
        String configured = System.getenv(variable);
        File f = new File(configured != null && !configured.isBlank() ? configured : fallback);
        return f.canExecute() ? f : null;
    }

    @Test
    void trainMnistsReportRendersEveryImageWithoutErrors(@TempDir Path out) throws Exception {
        int exit = org.vae4j.cli.Vae4jCommand.commandLine().execute("train", "--epochs", "2", "--sample-every", "1",
                "--train-size", "2000", "--test-size", "500", "--checkpoint-every", "0", "--output", out.toString());
        assertEquals(0, exit);
        Map<String, Object> page = open(out.resolve(RunReport.FILE_NAME), "train-mnist-report.png");
        assertEquals(List.of("Summary", "Configuration", "Learning curves", "Samples", "Reconstructions"),
                page.get("headings"));
        assertEquals(4L, page.get("images"), "curves, samples after epochs 1 and 2, reconstructions");
        assertTrue(((String) page.get("text")).contains("After epoch 2 of 2 (training finished)"));
    }

    @Test
    void latentSpace2dsReportShowsTheScatterPlotAndManifold(@TempDir Path out) throws Exception {
        int exit = CommandLines.of(new LatentSpace2d()).execute("--epochs", "1", "--train-size", "1000",
                "--test-size", "300", "--output", out.toString());
        assertEquals(0, exit);
        Map<String, Object> page = open(out.resolve(RunReport.FILE_NAME), "latent-space-2d-report.png");
        assertEquals(List.of("Summary", "Configuration", "Learning curves", "Samples", "Reconstructions",
                "Latent space"), page.get("headings"));
        assertEquals(5L, page.get("images"), "curves, samples after epoch 1, reconstructions, scatter, manifold");
    }

    /** The checks can fail: a page with an undecodable image and a console error does not pass them. */
    @Test
    void theChecksCatchABrokenImageAndAConsoleError(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<link rel=\"icon\" href=\"data:,\"></head><body><main><h2>S</h2>"
                + "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"truncated\"></main></body></html>");
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> open(broken, "broken.png"));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        Path error = Files.writeString(dir.resolve("error.html"), "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
                + "<link rel=\"icon\" href=\"data:,\"></head><body><main><h2>S</h2>"
                + "<script>console.error('something failed')</script></main></body></html>");
        e = assertThrows(AssertionFailedError.class, () -> open(error, "error.png"));
        assertTrue(e.getMessage().contains("something failed"), e.getMessage());
    }

    /**
     * Loads a page from disk, checks its images and the browser's log, saves a screenshot of the whole page.
     *
     * @return the page's section headings ("headings"), number of images ("images") and text ("text")
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> open(Path report, String screenshot) throws Exception {
        assertTrue(Files.isRegularFile(report), report + " was not written");
        browser.manage().logs().get(LogType.BROWSER); // drop entries of earlier pages
        browser.get(report.toUri().toString());
        JavascriptExecutor js = browser;
        Map<String, Object> page = (Map<String, Object>) js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const images = Array.from(document.images);
                Promise.all(images.map(i => i.decode().catch(() => null))).then(() => done({
                  headings: Array.from(document.querySelectorAll('main h2')).map(h => h.textContent),
                  images: images.length,
                  broken: images.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt),
                  widths: images.map(i => i.naturalWidth),
                  text: document.body.innerText,
                  height: document.documentElement.scrollHeight
                }));
                """);
        assertEquals(List.of(), page.get("broken"), "images that did not load or decode");
        // every image is drawn at the size of the PNG it embeds
        List<String> sources = (List<String>) js.executeScript(
                "return Array.from(document.images).map(i => i.src);");
        List<Object> widths = (List<Object>) page.get("widths");
        for (int i = 0; i < sources.size(); i++) {
            String src = sources.get(i);
            assertTrue(src.startsWith("data:image/png;base64,"), "image " + i + " is not embedded: " + src);
            BufferedImage png = ImageIO.read(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder()
                    .decode(src.substring(src.indexOf(',') + 1))));
            assertNotNull(png);
            assertEquals((long) png.getWidth(), ((Number) widths.get(i)).longValue(), "naturalWidth of image " + i);
        }
        List<LogEntry> severe = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), severe.stream().map(LogEntry::getMessage).toList(), "browser errors");

        long height = ((Number) page.get("height")).longValue();
        browser.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 100, 8000)));
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(screenshot), browser.getScreenshotAs(OutputType.BYTES));
        BufferedImage image = ImageIO.read(SCREENSHOTS.resolve(screenshot).toFile());
        assertTrue(image.getWidth() > 0 && image.getHeight() > 1000, "screenshot of the page");
        browser.manage().window().setSize(new Dimension(1400, 1000));
        return page;
    }
}
