package org.vae4j.examples.architectures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.custom.CustomEncoderExample;
import com.example.custom.NormalizedConvEncoder;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.Vae;
import org.vae4j.console.CommandLines;
import org.vae4j.data.mnist.Mnist;
import org.vae4j.image.ImageGrid;

/**
 * Runs the architecture examples and the user-defined encoder example on 400 training and 100 test MNIST images
 * for one epoch, with small convolutions, and checks the files they document.
 */
class ArchitectureExamplesSmokeTest {

    private static String[] args(Path out, String... more) {
        return Stream.concat(Stream.of("--epochs", "1", "--train-size", "400", "--test-size", "100", "--output",
                out.toString()), Stream.of(more)).toArray(String[]::new);
    }

    private static void assertGrid(Path file, int n, int columns, int scale) throws Exception {
        BufferedImage expected = ImageGrid.of(Mnist.SHAPE).columns(columns).scale(scale)
                .toImage(Nd4j.zeros(DataType.FLOAT, n, 784));
        assertTrue(Files.isRegularFile(file), file + " was not written");
        BufferedImage png = ImageIO.read(file.toFile());
        assertNotNull(png, file + " is not a PNG");
        assertEquals(expected.getWidth() + "x" + expected.getHeight(), png.getWidth() + "x" + png.getHeight(),
                file.getFileName().toString());
    }

    private static List<String> files(Path out) throws Exception {
        try (var files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void convolutionalMnistWritesSamplesOfBothModelsAndConvReconstructions(@TempDir Path out) throws Exception {
        assertEquals(0, CommandLines.of(new ConvolutionalMnist()).execute(args(out, "--channels", "4,8")));
        assertEquals(List.of("reconstructions-conv.png", "samples-conv.png", "samples-mlp.png"), files(out));
        assertGrid(out.resolve("samples-conv.png"), 64, 8, 2);
        assertGrid(out.resolve("samples-mlp.png"), 64, 8, 2);
    }

    @Test
    void conditionalMnistWritesATenByTenGrid(@TempDir Path out) throws Exception {
        assertEquals(0, CommandLines.of(new ConditionalMnist()).execute(args(out, "--latent-size", "4")));
        assertEquals(List.of("conditional-grid.png"), files(out));
        assertGrid(out.resolve("conditional-grid.png"), 100, 10, 2);
    }

    @Test
    void theUserDefinedEncoderTrainsSavesAndLoads(@TempDir Path out) throws Exception {
        assertEquals(0, CommandLines.of(new CustomEncoderExample()).execute(args(out, "--channels", "4")));
        assertEquals(List.of("model.vae", "samples.png"), files(out));
        assertGrid(out.resolve("samples.png"), 64, 8, 2);
        Vae loaded = Vae.load(out.resolve("model.vae"));
        assertEquals(new NormalizedConvEncoder(4), loaded.config().encoder());
        assertTrue(loaded.graph().hasVariable("encoder/norm1/gain"), "the encoder's parameters are in the graph");
    }

    @Test
    void eachHasHelpWithTheSharedOptions() {
        for (Object example : List.of(new ConvolutionalMnist(), new ConditionalMnist(), new CustomEncoderExample())) {
            StringWriter help = new StringWriter();
            var cl = CommandLines.of(example);
            cl.setOut(new PrintWriter(help));
            assertEquals(0, cl.execute("--help"));
            for (String option : new String[] {"--epochs", "--train-size", "--seed", "--output"}) {
                assertTrue(help.toString().contains(option), example.getClass().getSimpleName() + " lacks " + option);
            }
        }
    }
}
