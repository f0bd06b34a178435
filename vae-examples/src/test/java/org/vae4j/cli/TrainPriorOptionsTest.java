package org.vae4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.vae4j.VaeConfig;
import org.vae4j.data.ImageShape;
import org.vae4j.prior.GaussianMixturePrior;
import org.vae4j.prior.KlEstimator;
import org.vae4j.prior.LearnedGaussianMixturePrior;
import org.vae4j.prior.StandardNormalPrior;
import org.vae4j.prior.VampPrior;
import picocli.CommandLine;

/** {@code vae4j train --prior} and {@code --kl-estimator}: the configuration they give, and bad values. */
class TrainPriorOptionsTest {

    private static VaeConfig config(String... args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(args);
        return command.config(new ImageShape(1, 28, 28));
    }

    @Test
    void eachPriorAndItsDefaultEstimator() {
        VaeConfig standard = config();
        assertEquals(new StandardNormalPrior(), standard.prior());
        assertEquals(KlEstimator.CLOSED_FORM, standard.klEstimator());
        VaeConfig mixture = config("--prior", "mixture:4", "--latent-size", "3", "--seed", "7");
        GaussianMixturePrior m = (GaussianMixturePrior) mixture.prior();
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, m.weights(), 0);
        assertEquals(3, m.means()[0].length);
        assertEquals(GaussianMixturePrior.random(4, 3, 2.0, 7), m, "means drawn by the run's seed");
        assertEquals(KlEstimator.MONTE_CARLO, mixture.klEstimator());
        assertEquals(new LearnedGaussianMixturePrior(10, 2.0), config("--prior", "learned-mixture:10").prior());
        assertEquals(new VampPrior(500), config("--prior", "vamp:500").prior());
        VaeConfig learnedFull = config("--prior", "learned-full-covariance", "--latent-size", "3");
        assertEquals(new org.vae4j.prior.LearnedFullCovarianceGaussianPrior(3), learnedFull.prior());
        assertEquals(KlEstimator.CLOSED_FORM, learnedFull.klEstimator());
        assertEquals(KlEstimator.MONTE_CARLO, config("--prior", "learned-full-covariance", "--posterior",
                "full-covariance").klEstimator());
        assertEquals(KlEstimator.CLOSED_FORM, config("--prior", "learned-full-covariance", "--posterior",
                "full-covariance", "--kl-estimator", "closed-form").klEstimator());
        assertEquals(KlEstimator.MONTE_CARLO, config("--kl-estimator", "monte-carlo").klEstimator());
        VaeConfig full = config("--posterior", "full-covariance");
        assertEquals(org.vae4j.nn.PosteriorFamily.FULL_COVARIANCE, full.posterior());
        assertEquals(KlEstimator.MONTE_CARLO, full.klEstimator());
        assertEquals(org.vae4j.nn.PosteriorFamily.DIAGONAL, standard.posterior());
    }

    @Test
    void aFullCovariancePriorFromACsvFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("prior.csv");
        java.nio.file.Files.writeString(file, "0.5,1.0,0.3\n-1,0.3,2\n");
        VaeConfig config = config("--prior", "full-covariance:" + file, "--latent-size", "2");
        assertEquals(new org.vae4j.prior.FullCovarianceGaussianPrior(new double[] {0.5, -1},
                new double[][] {{1.0, 0.3}, {0.3, 2}}), config.prior());
        assertEquals(KlEstimator.CLOSED_FORM, config.klEstimator());
        String[][] bad = {
            {"0.5,1.0,0.3\n-1,0.3,x\n", "row 2, column 3: 'x' is not a number"},
            {"0.5,1.0,0.3\n", "has 1 rows, expected one per latent dimension (2)"},
            {"0.5,1.0\n-1,0.3,2\n", "row 1 has 2 values, expected 3"},
            {"0,1,2\n0,2,1\n", "covariance is not positive definite"},
            {"0,1,0.5\n0,0.2,1\n", "covariance is not symmetric"}};
        for (String[] c : bad) {
            java.nio.file.Files.writeString(file, c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> config("--prior", "full-covariance:" + file, "--latent-size", "2"));
            assertTrue(e.getMessage().startsWith("--prior full-covariance:" + file + ": "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("--prior", "full-covariance:" + dir.resolve("missing.csv"), "--latent-size", "2"));
        assertTrue(e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void badValuesNameTheOption() {
        for (String bad : new String[] {"vamp", "vamp:0", "mixture:x", "gamma:3", "standard:2",
            "learned-full-covariance:2"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config("--prior", bad));
            assertTrue(e.getMessage().startsWith("--prior takes standard, mixture:K, learned-mixture:K, vamp:K,"
                    + " full-covariance:FILE or learned-full-covariance"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config("--kl-estimator", "exact"));
        assertTrue(e.getMessage().contains("--kl-estimator takes closed-form or monte-carlo"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> config("--prior", "mixture:3", "--kl-estimator", "closed-form"));
        assertTrue(e.getMessage().contains("klEstimator is CLOSED_FORM"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config("--posterior", "full"));
        assertTrue(e.getMessage().contains("--posterior takes diagonal or full-covariance"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config("--posterior", "full-covariance",
                "--kl-estimator", "closed-form"));
        assertTrue(e.getMessage().contains("FULL_COVARIANCE needs klEstimator MONTE_CARLO"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> config("--prior", "vamp:3", "--conditional"));
        assertTrue(e.getMessage().contains("VampPrior does not support a conditional VAE"), e.getMessage());
    }
}
