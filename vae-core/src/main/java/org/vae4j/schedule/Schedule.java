package org.vae4j.schedule;

/**
 * A value computed on the host at every training step and fed to the graph, such as the KL weight beta (SameDiff
 * 1.0.0-M2.1 cannot backpropagate through in-graph control flow, deeplearning4j#9844, so schedules live outside
 * the graph).
 */
@FunctionalInterface
public interface Schedule {

    /**
     * @param step where training is
     * @return the value at that step
     */
    double valueAt(TrainingStep step);

    /**
     * @param value the value at every step
     * @return a constant schedule
     */
    static Schedule constant(double value) {
        return new ConstantSchedule(value);
    }
}
