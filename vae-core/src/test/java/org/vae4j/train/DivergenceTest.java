package org.vae4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** The epoch rule of {@link Divergence}: a bound running away stops training; normal curves never do. */
class DivergenceTest {

    /** Feeds epoch ELBOs (nats per example) and returns the epoch that stopped training, or 0. */
    private static int stoppedAt(double... elbos) {
        Divergence d = new Divergence(new Adam(1e-3));
        for (int e = 0; e < elbos.length; e++) {
            try {
                d.checkEpoch(e + 1, 100L * (e + 1), elbos[e]);
            } catch (TrainingDivergedException ex) {
                assertEquals(e + 1, ex.epoch());
                assertEquals(100L * (e + 1), ex.iteration());
                assertEquals(elbos[e], ex.value());
                assertEquals("the epoch's mean training ELBO", ex.quantity());
                return e + 1;
            }
        }
        return 0;
    }

    @Test
    void aBoundThatRunsAwayStopsTraining() {
        // Adam(-1e-3) on MNIST, as reported: -891, -17,752, -7.95e7
        assertEquals(2, stoppedAt(-891, -17_752, -7.95e7));
        // steadily worse, never ten times at once: stops when three worsening epochs fall two scales
        assertEquals(5, stoppedAt(-891, -1_200, -1_600, -2_100, -2_700, -3_400));
        // after improving first
        assertEquals(4, stoppedAt(-165, -121, -114, -2_000));
        // a positive bound (a Gaussian density) falling far
        assertEquals(3, stoppedAt(350, 420, -5_000));
    }

    @Test
    void normalTrainingCurvesNeverStopTraining() {
        // Measured: 10 epochs on 10,000 MNIST images, MLP 784-512-20, Adam 1e-3, seed 1 (the first epoch is the
        // worst, then the bound rises by a few nats at a time), with a constant beta, a linear warm-up over 5
        // epochs, cyclical annealing (CyclicalSchedule.standard(), the bound worsens when beta restarts) and a
        // Gaussian likelihood with a learned variance
        assertEquals(0, stoppedAt(-236.3, -168.0, -149.5, -138.9, -131.7, -127.0, -123.1, -120.4, -118.3, -116.4));
        assertEquals(0, stoppedAt(-256.9, -175.6, -150.5, -137.5, -130.2, -125.8, -122.6, -119.9, -118.1, -116.5));
        assertEquals(0, stoppedAt(-246.9, -168.9, -154.6, -138.7, -130.8, -133.6, -122.8, -126.7, -119.2, -116.8));
        assertEquals(0, stoppedAt(-736.8, -701.1, -670.0, -639.4, -609.2, -579.4, -549.7, -520.3, -490.9, -461.8));
        // a noisy plateau, worse three epochs in a row by a nat or two
        assertEquals(0, stoppedAt(-165, -121, -110, -108, -109.5, -110.2, -111.9, -108));
        // cyclical annealing with more cycles than epochs of warm-up: the KL grows each time beta restarts from 0
        assertEquals(0, stoppedAt(-180, -130, -150, -165, -124, -115, -140, -152, -118, -110, -135, -147, -113, -107));
        // a Gaussian likelihood with a learned variance: the bound crosses zero and ends positive
        assertEquals(0, stoppedAt(-420, -150, -20, 60, 140, 180, 150, 130, 120, 200));
        // a bound near zero that wobbles by a nat
        assertEquals(0, stoppedAt(0.4, -0.3, -0.6, -0.9, -0.2, 0.1));
    }

    @Test
    void theMessageNamesTheBestEpochAndTheLearningRate() {
        Divergence d = new Divergence(new Adam(2e-3));
        d.checkEpoch(1, 50, -891);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> d.checkEpoch(2, 100, -17_752));
        assertTrue(e.getMessage().startsWith("Training diverged at epoch 2, iteration 100: the epoch's mean training"
                + " ELBO is -17752.0. Likely cause: the bound ran away from its best, -891.0 nats per example at"
                + " epoch 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Adam learning rate 0.002"), e.getMessage());
    }
}
