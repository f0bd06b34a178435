package org.vae4j.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/** Reading CSV tables: inferred types, the fitted preprocessing's numbers, scoring with it, and every bad input. */
class CsvTableTest {
    @TempDir
    Path dir;

    private static final String TRAIN = """
            id,age,colour,smoker,member,label
            a,20,red,0,yes,normal
            b,30,green,1,no,normal
            c,40,red,1,yes,fraud
            d,50,blue,0,yes,normal
            """;

    private Path csv(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private TableDataset train() throws IOException {
        return CsvTable.read(csv("train.csv", TRAIN), TableSchema.inferred().withLabel("label").ignoring("id")
                .withBinary("member"));
    }

    @Test
    void infersTypesAndFitsThePreprocessing() throws IOException {
        TableDataset t = train();
        TablePreprocessing p = t.preprocessing();
        assertEquals(List.of("age", "colour", "smoker", "member"),
                p.columns().stream().map(TablePreprocessing.Column::name).toList());
        assertEquals(List.of(ColumnType.NUMERIC, ColumnType.CATEGORICAL, ColumnType.BINARY, ColumnType.BINARY),
                p.columns().stream().map(TablePreprocessing.Column::type).toList());
        // age: mean 35, population standard deviation sqrt(125)
        assertEquals(35.0, p.columns().get(0).mean(), 1e-12);
        assertEquals(Math.sqrt(125), p.columns().get(0).standardDeviation(), 1e-12);
        assertEquals(List.of("blue", "green", "red"), p.columns().get(1).values());
        assertEquals(List.of("no", "yes"), p.columns().get(3).values());
        assertEquals(6, p.width());
        assertEquals(6, t.featureCount());
        assertEquals(List.of(new FeatureGroup("age", ColumnType.NUMERIC, 0, 1),
                new FeatureGroup("colour", ColumnType.CATEGORICAL, 1, 3),
                new FeatureGroup("smoker", ColumnType.BINARY, 4, 1),
                new FeatureGroup("member", ColumnType.BINARY, 5, 1)), p.groups());
        double s = Math.sqrt(125);
        assertArrayEquals(new float[] {(float) (-15 / s), 0, 0, 1, 0, 1}, t.features().getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {(float) (-5 / s), 0, 1, 0, 1, 0}, t.features().getRow(1).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {(float) (15 / s), 1, 0, 0, 0, 1}, t.features().getRow(3).toFloatVector(), 1e-6f);
        assertEquals(List.of("fraud", "normal"), p.labelValues());
        assertArrayEquals(new int[] {1, 1, 0, 1}, t.labels());
    }

    @Test
    void scoringAppliesTheTrainingPreprocessingUnchanged() throws IOException {
        TablePreprocessing p = train().preprocessing();
        // other column order, an extra column, no label column: still read, no labels
        TableDataset s = CsvTable.read(csv("score.csv", """
                member,colour,extra,smoker,age
                no,blue,x,1,35
                yes,green,y,0.0,45
                """), p);
        assertFalse(s.hasLabels());
        double sd = Math.sqrt(125);
        assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0}, s.features().getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {(float) (10 / sd), 0, 1, 0, 0, 1}, s.features().getRow(1).toFloatVector(),
                1e-6f);
    }

    @Test
    void integerLabelsAreUsedAsTheyAre() throws IOException {
        TableDataset t = CsvTable.read(csv("int.csv", "x,y\n1.5,3\n2.5,0\n"), TableSchema.inferred().withLabel("y"));
        assertNull(t.preprocessing().labelValues());
        assertArrayEquals(new int[] {3, 0}, t.labels());
        assertArrayEquals(new float[] {-1, 1}, t.features().toFloatVector(), 1e-6f);
    }

    @Test
    void preprocessingRoundTripsThroughJson() throws IOException {
        TablePreprocessing p = train().preprocessing();
        String json = p.toJson();
        assertEquals(p, TablePreprocessing.fromJson(json));
        assertEquals(json, TablePreprocessing.fromJson(json).toJson());
        var e = assertThrows(IllegalArgumentException.class, () -> TablePreprocessing.fromJson(
                json.replace("\"standardDeviation\" : " + p.columns().get(0).standardDeviation(),
                        "\"standardDeviation\" : 0.0")));
        assertTrue(e.getMessage().contains("age"), e.getMessage());
    }

    private void assertBad(Executable read, String file, long line, String column, String... words) {
        TableFormatException e = assertThrows(TableFormatException.class, read);
        assertTrue(e.getMessage().contains(file), e.getMessage());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        if (line > 0) {
            assertTrue(e.getMessage().contains("line " + line), e.getMessage());
        }
        if (column != null) {
            assertTrue(e.getMessage().contains("'" + column + "'"), e.getMessage());
        }
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), e.getMessage());
        }
    }

    @Test
    void badTablesNameTheFileLineAndColumn() throws IOException {
        TableSchema any = TableSchema.inferred();
        Path ragged = csv("ragged.csv", "a,b\n1,2\n\n3\n");
        assertBad(() -> CsvTable.read(ragged, any), "ragged.csv", 4, null, "1 cells", "2 columns");
        Path text = csv("text.csv", "a,b\n1,2\n3,x\n");
        assertBad(() -> CsvTable.read(text, any.withNumeric("b")), "text.csv", 3, "b", "'x'", "not a number");
        Path empty = csv("empty.csv", "");
        assertBad(() -> CsvTable.read(empty, any), "empty.csv", -1, null, "empty");
        Path header = csv("header.csv", "a,b\n");
        assertBad(() -> CsvTable.read(header, any), "header.csv", -1, null, "no data rows");
        Path twice = csv("twice.csv", "a,b,a\n1,2,3\n");
        assertBad(() -> CsvTable.read(twice, any), "twice.csv", 1, "a", "twice");
        Path nan = csv("nan.csv", "a,b\n1,2\n3,NaN\n");
        assertBad(() -> CsvTable.read(nan, any), "nan.csv", 3, "b", "NaN");
        Path inf = csv("inf.csv", "a,b\n1,-Infinity\n3,4\n");
        assertBad(() -> CsvTable.read(inf, any), "inf.csv", 2, "b", "infinite");
        Path ok = csv("ok.csv", "a,b\n1,2\n3,4\n");
        assertBad(() -> CsvTable.read(ok, any.withLabel("class")), "ok.csv", 1, "class", "label column");
        assertBad(() -> CsvTable.read(ok, any.ignoring("c")), "ok.csv", 1, "c", "not in the header");
        Path three = csv("three.csv", "a,b\n1,x\n2,y\n3,z\n");
        assertBad(() -> CsvTable.read(three, any.withBinary("b")), "three.csv", 4, "b", "third value 'z'");
        Path emptyCell = csv("cell.csv", "a,b\n1,2\n,4\n");
        assertBad(() -> CsvTable.read(emptyCell, any.withNumeric("a")), "cell.csv", 3, "a", "empty cell");
    }

    @Test
    void scoringRejectsUnseenCategoriesAndMissingColumns() throws IOException {
        TablePreprocessing p = train().preprocessing();
        Path purple = csv("purple.csv", "age,colour,smoker,member\n30,red,0,no\n31,purple,1,yes\n");
        assertBad(() -> CsvTable.read(purple, p), "purple.csv", 3, "colour", "'purple'", "not in the training data");
        Path noAge = csv("noage.csv", "colour,smoker,member\nred,0,no\n");
        assertBad(() -> CsvTable.read(noAge, p), "noage.csv", 1, "age", "missing");
        Path maybe = csv("maybe.csv", "age,colour,smoker,member\n30,red,0,maybe\n");
        assertBad(() -> CsvTable.read(maybe, p), "maybe.csv", 2, "member", "'maybe'");
        // a label value the training table did not have (an anomaly class) gets the next index
        TableDataset theft = CsvTable.read(csv("label.csv", "age,colour,smoker,member,label\n30,red,0,no,theft\n"
                + "31,red,1,yes,fraud\n"), p);
        assertArrayEquals(new int[] {2, 0}, theft.labels());
        assertEquals(List.of("fraud", "normal", "theft"), theft.labelNames().orElseThrow());
        TablePreprocessing integers = CsvTable.read(csv("int.csv", "x,y\n1.5,3\n2.5,0\n"),
                TableSchema.inferred().withLabel("y")).preprocessing();
        Path word = csv("word.csv", "x,y\n1.5,3\n2.5,high\n");
        assertBad(() -> CsvTable.read(word, integers), "word.csv", 3, "y", "'high'", "non-negative integer");
    }

    @Test
    void subsetsKeepThePreprocessing() throws IOException {
        TableDataset t = train();
        TableDataset s = t.subset(1, 3);
        assertEquals(2, s.size());
        assertEquals(t.preprocessing(), s.preprocessing());
        assertArrayEquals(new int[] {1, 0}, s.labels());
        assertArrayEquals(t.features().getRow(2).toFloatVector(), s.features().getRow(1).toFloatVector());
    }
}
