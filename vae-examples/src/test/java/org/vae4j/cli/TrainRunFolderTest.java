package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vae4j.cli.CliRun.vae4j;

import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.Vae;
import org.vae4j.data.mnist.Mnist;

/**
 * What {@code vae4j train} does with its output folder and its inputs before it trains: a folder holding another run
 * is refused (or cleared with --overwrite), --resume continues only with the same options and as many epochs or
 * more, starts a run where there is none yet, and removes the temporary files of interrupted writes; bad inputs are
 * named by option and file before the output folder is created.
 */
class TrainRunFolderTest {
    /** A small, fast run: 300 MNIST images, a 32-unit MLP, a 2-d latent space. */
    private static CliRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--train-size", "300", "--test-size", "50", "--hidden",
                "32", "--progress", "off", "--sample-every", "1", "-o", out.toString()));
        args.addAll(List.of(more));
        if (!args.contains("--latent-size")) {
            args.addAll(List.of("--latent-size", "2"));
        }
        return vae4j(args.toArray(String[]::new));
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewRunRefusesAFolderHoldingAnotherRunUnlessToldToOverwriteIt(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train(out, "--epochs", "2").exitCode());
        byte[] model = Files.readAllBytes(out.resolve("model.vae"));

        CliRun again = train(out, "--epochs", "1");
        assertEquals(1, again.exitCode());
        assertEquals("Error: --output " + out + " holds another run (model.vae, report.html, checkpoints/epoch-0002.vae"
                + " and 2 more): continue it with --resume, give another --output folder,"
                + " or add --overwrite to delete that run's files", again.err().strip());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.vae")), "the earlier run is untouched");

        Files.writeString(out.resolve("notes.txt"), "mine");
        assertEquals(0, train(out, "--epochs", "1", "--overwrite").exitCode());
        assertEquals(1, Vae.load(out.resolve("model.vae")).history().epochs().size());
        assertEquals(List.of("best.vae", "epoch-0001.vae"), names(out.resolve("checkpoints")));
        assertEquals(List.of("checkpoints", "model.vae", "notes.txt", "reconstructions.png", "report.html",
                "samples-epoch-001.png"), names(out), "the old run's epoch-2 grid is gone, the user's file stays");

        CliRun both = train(out, "--resume", "--overwrite");
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("give either --resume or --overwrite, not both"), both.err());
    }

    @Test
    void resumeRefusesFewerEpochsAndOtherOptionsNamingTheFlags(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train(out, "--epochs", "2").exitCode());
        byte[] model = Files.readAllBytes(out.resolve("model.vae"));

        CliRun fewer = train(out, "--epochs", "1", "--resume");
        assertEquals(1, fewer.exitCode());
        assertEquals("Error: --epochs 1 is fewer than the 2 epochs the run in " + out + " has trained; give --epochs 2"
                + " or more to continue it, or another --output folder for a new run", fewer.err().strip());

        CliRun other = train(out, "--epochs", "3", "--resume", "--latent-size", "3");
        assertEquals(1, other.exitCode());
        assertTrue(other.err().startsWith("Error: --resume: the run in " + out + " was started with other"
                + " --latent-size: 2, now 3; resume with the options it was started with"), other.err());
        assertArrayEquals(model, Files.readAllBytes(out.resolve("model.vae")), "nothing was written");
    }

    /** A kill during the final write of model.vae: its temporary file stays, and --resume finishes the run. */
    @Test
    void resumeRemovesTheTemporaryFilesOfInterruptedWritesAndFinishesTheRun(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train(out, "--epochs", "2").exitCode());
        Files.delete(out.resolve("model.vae"));
        Files.write(out.resolve(".model.vae.5e1f00d.tmp"), new byte[1000]);
        Files.write(out.resolve(".samples-epoch-002.png.ab12.tmp"), new byte[10]);
        Files.write(out.resolve("checkpoints/.epoch-0003.vae.c0ffee.tmp"), new byte[10]);
        Files.write(out.resolve(".notes.txt.ab12.tmp"), new byte[10]);

        assertEquals(0, train(out, "--epochs", "2", "--resume").exitCode());
        assertEquals(2, Vae.load(out.resolve("model.vae")).history().epochs().size());
        assertEquals(List.of(".notes.txt.ab12.tmp", "checkpoints", "model.vae", "reconstructions.png", "report.html",
                "samples-epoch-001.png", "samples-epoch-002.png"), names(out), "only vae4j's own temporaries go");
        assertEquals(List.of("best.vae", "epoch-0001.vae", "epoch-0002.vae"), names(out.resolve("checkpoints")));
    }

    @Test
    void resumeWithNothingToResumeStartsTheRunAndUsesModelVaeWithoutCheckpoints(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, train(out, "--epochs", "1", "--resume", "--checkpoint-every", "0").exitCode());
        assertEquals(1, Vae.load(out.resolve("model.vae")).history().epochs().size());
        assertFalse(Files.exists(out.resolve("checkpoints")));
        // no checkpoint: model.vae is the run to continue
        assertEquals(0, train(out, "--epochs", "2", "--resume", "--checkpoint-every", "0").exitCode());
        assertEquals(2, Vae.load(out.resolve("model.vae")).history().epochs().size());
    }

    @Test
    void zeroEpochsAndAZeroLatentSizeAreRefusedNamingTheFlag(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun zero = train(out, "--epochs", "0");
        assertEquals(1, zero.exitCode());
        assertEquals("Error: --epochs must be at least 1, got 0", zero.err().strip());
        CliRun negative = train(out, "--epochs", "-2");
        assertEquals("Error: --epochs must be at least 1, got -2", negative.err().strip());
        CliRun latent = train(out, "--epochs", "1", "--latent-size", "0");
        assertEquals("Error: --latent-size must be positive, got 0", latent.err().strip());
        assertFalse(Files.exists(out), "no output folder for a run that does not start");
    }

    /** Values that a library class refuses are named by the option the user typed, before anything is written. */
    @Test
    void valuesTheLibraryRefusesAreNamedByTheirOptionAndLeaveNoFolder(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertEquals("Error: --variance -1.0: GaussianLikelihood.variance must be positive and finite, got -1.0",
                train(out, "--likelihood", "gaussian", "--variance", "-1").err().strip());
        assertEquals("Error: --capacity must be finite and >= 0, got -1.0",
                train(out, "--objective", "capacity", "--capacity", "-1").err().strip(), "not at the first update");
        assertEquals("Error: --cycles 0: CyclicalSchedule.cycles must be >= 1, got 0",
                train(out, "--beta-schedule", "cyclical", "--cycles", "0").err().strip());
        assertEquals("Error: --threads must be at least 1, got 0", train(out, "--threads", "0").err().strip());
        // four stride-2 convolutions do not fit 28x28 images: found when the graph is built, after the data is read
        CliRun conv = train(out, "--epochs", "1", "--architecture", "conv", "--channels", "8,8,8,8");
        assertEquals(1, conv.exitCode());
        assertTrue(conv.err().startsWith("Error: ConvDecoder.layers[3]"), conv.err());
        assertFalse(Files.exists(out), "no empty output folder is left");
    }

    @Test
    void aFolderOrAnEmptyFileGivenAsImagesIsNamedWithItsFlagAndNoOutputFolderIsLeft(@TempDir Path dir)
            throws Exception {
        Path out = dir.resolve("run");
        Path folder = Files.createDirectories(dir.resolve("images-folder"));
        CliRun r = vae4j("train", "--images", folder.toString(), "-o", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("Error: --images " + folder + ": is a folder, not an IDX file", r.err().strip());

        Path empty = dir.resolve("empty.idx");
        try (DataOutputStream idx = new DataOutputStream(Files.newOutputStream(empty))) {
            idx.writeInt(0x00000803);
            idx.writeInt(0);
            idx.writeInt(28);
            idx.writeInt(28);
        }
        r = vae4j("train", "--images", empty.toString(), "-o", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("Error: --images " + empty + ": holds no images", r.err().strip());
        Path images = Vae4jCommandTest.writeImages(dir.resolve("images.idx"), Mnist.test().first(20), false);
        r = vae4j("train", "--images", images.toString(), "--test-images", empty.toString(), "-o", out.toString());
        assertEquals("Error: --test-images " + empty + ": holds no images", r.err().strip());
        r = vae4j("train", "--images", images.toString(), "--labels", folder.toString(), "-o", out.toString());
        assertEquals("Error: --labels " + folder + ": is a folder, not an IDX file", r.err().strip());
        assertFalse(Files.exists(out), "no output folder is created before the inputs are read");
    }

    @Test
    void anMnistFolderGivenWithMnistDirIsNamedByTheFlag(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("not-mnist"));
        CliRun r = vae4j("train", "--mnist-dir", folder.toString(), "-o", dir.resolve("run").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("Error: MNIST folder " + folder + " (named by --mnist-dir) lacks "), r.err());
        assertTrue(r.err().contains("or leave out --mnist-dir"), r.err());
    }
}
