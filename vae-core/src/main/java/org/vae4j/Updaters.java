package org.vae4j;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.nd4j.linalg.learning.config.AMSGrad;
import org.nd4j.linalg.learning.config.AdaBelief;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.AdaMax;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nadam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.CycleSchedule;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.FixedSchedule;
import org.nd4j.linalg.schedule.InverseSchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.RampSchedule;
import org.nd4j.linalg.schedule.SigmoidSchedule;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The optimizers ({@link IUpdater}) a configuration may hold: the checks of their hyper-parameters, and the
 * allow-list of ND4J's updater and schedule classes that a configuration file may name.
 */
final class Updaters {
    /** ND4J 1.0.0-M2.1's updaters, by class name: the only ones a configuration file may name. */
    private static final Map<String, Class<?>> UPDATERS = byName(Adam.class, AdaBelief.class, AdaDelta.class,
            AdaGrad.class, AdaMax.class, AMSGrad.class, Nadam.class, Nesterovs.class, NoOp.class, RmsProp.class,
            Sgd.class);
    /** ND4J 1.0.0-M2.1's schedules (of a learning rate or a momentum), by class name. */
    private static final Map<String, Class<?>> SCHEDULES = byName(CycleSchedule.class, ExponentialSchedule.class,
            FixedSchedule.class, InverseSchedule.class, MapSchedule.class, PolySchedule.class, RampSchedule.class,
            SigmoidSchedule.class, StepSchedule.class);

    private Updaters() {
    }

    /**
     * Checks an optimizer's hyper-parameters: a learning rate (at the first iteration, also when scheduled) finite
     * and {@code > 0}; for ND4J's updaters also their decay rates in [0, 1) and their epsilon finite and {@code > 0}.
     *
     * @param updater the optimizer
     * @throws IllegalArgumentException naming the field ({@code VaeConfig.updater} and the hyper-parameter), or when
     *     the updater is not one of ND4J's own (a model file could not name it: see {@link #refusal})
     */
    static void check(IUpdater updater) {
        String name = updater.getClass().getSimpleName();
        if (UPDATERS.get(updater.getClass().getName()) != updater.getClass()) {
            throw new IllegalArgumentException("VaeConfig.updater must be one of ND4J's updaters that a model file can"
                    + " name (" + names(UPDATERS) + "), got " + updater.getClass().getName());
        }
        if (updater.hasLearningRate()) {
            double rate = updater.getLearningRate(0, 0);
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("VaeConfig.updater learning rate must be finite and > 0, got "
                        + rate + " (" + name + ")");
            }
        }
        if (updater instanceof Adam a) {
            betas(name, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof AdaBelief a) {
            betas(name, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof AdaMax a) {
            betas(name, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof AMSGrad a) {
            betas(name, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof Nadam a) {
            betas(name, a.getBeta1(), a.getBeta2(), a.getEpsilon());
        } else if (updater instanceof Nesterovs n) {
            decay(name, "momentum", n.getMomentumISchedule() == null ? n.getMomentum()
                    : n.getMomentumISchedule().valueAt(0, 0));
        } else if (updater instanceof RmsProp r) {
            decay(name, "rmsDecay", r.getRmsDecay());
            epsilon(name, r.getEpsilon());
        } else if (updater instanceof AdaGrad a) {
            epsilon(name, a.getEpsilon());
        } else if (updater instanceof AdaDelta a) {
            decay(name, "rho", a.getRho());
            epsilon(name, a.getEpsilon());
        }
    }

    private static void betas(String name, double beta1, double beta2, double epsilon) {
        decay(name, "beta1", beta1);
        decay(name, "beta2", beta2);
        epsilon(name, epsilon);
    }

    private static void decay(String name, String field, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException("VaeConfig.updater " + field + " must be in [0, 1), got " + value
                    + " (" + name + ")");
        }
    }

    private static void epsilon(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("VaeConfig.updater epsilon must be finite and > 0, got " + value
                    + " (" + name + ")");
        }
    }

    /**
     * Checks the class names in an updater's JSON before any JSON library resolves them: the updater must be an
     * object whose {@code "@class"} is one of ND4J's updaters, every object inside it that names a class must name
     * one of ND4J's schedules, and it holds no arrays (Jackson's other form of a typed value, {@code ["class",
     * {...}]}). No class is loaded or initialized here.
     *
     * @param node the updater's JSON
     * @return null if it passes, else why not, one line
     */
    static String refusal(JsonNode node) {
        if (!node.isObject()) {
            return "VaeConfig.updater must be a JSON object naming one of ND4J's updaters in \"@class\" ("
                    + names(UPDATERS) + "), got " + abbreviate(node.toString());
        }
        String type = node.path("@class").asText(null);
        if (type == null || !UPDATERS.containsKey(type)) {
            return "VaeConfig.updater names class " + (type == null ? "(none)" : type) + ", which is not one of"
                    + " ND4J's updaters that vae4j reads: " + names(UPDATERS);
        }
        return nested(node);
    }

    private static String nested(JsonNode node) {
        for (var it = node.fields(); it.hasNext(); ) {
            var field = it.next();
            JsonNode value = field.getValue();
            if (value.isArray()) {
                return "VaeConfig.updater." + field.getKey() + " is an array; ND4J's updaters hold none";
            }
            if (value.isObject()) {
                String type = value.path("@class").asText(null);
                if (type != null && !SCHEDULES.containsKey(type)) {
                    return "VaeConfig.updater." + field.getKey() + " names class " + type + ", which is not one of"
                            + " ND4J's schedules that vae4j reads: " + names(SCHEDULES);
                }
                String inner = nested(value);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static Map<String, Class<?>> byName(Class<?>... classes) {
        return Stream.of(classes).collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));
    }

    private static String names(Map<String, Class<?>> classes) {
        Set<String> simple = new TreeSet<>(classes.values().stream().map(Class::getSimpleName).toList());
        return String.join(", ", simple) + " (in " + List.copyOf(classes.values()).get(0).getPackageName() + ")";
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
