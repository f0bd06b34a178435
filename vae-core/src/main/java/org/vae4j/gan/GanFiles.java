package org.vae4j.gan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.vae4j.Backend;
import org.vae4j.ConfigJson;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.HostArrays;
import org.vae4j.io.ModelFile;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.io.Npy;
import org.vae4j.io.SavedModel;
import org.vae4j.train.Optimizer;
import org.vae4j.train.RandomStreams;

/** A {@link Gan} to and from its model file ({@link ModelFile}: atomic, checksummed, bounded). */
final class GanFiles {
    /** Parameter values a loaded configuration's graph may hold beyond twice the file's. */
    private static final long GRAPH_SLACK = 1_000_000;

    private GanFiles() {
    }

    static void save(Gan gan, Path file) throws ModelWriteException {
        Objects.requireNonNull(file, "file");
        String config = gan.config().toJson();
        String history = ConfigJson.toJson(gan.history());
        gan.runner().<Void, ModelWriteException>locked(() -> {
            Map<String, INDArray> parameters = new LinkedHashMap<>();
            for (SDVariable v : Optimizer.parameters(gan.runner().graph())) {
                parameters.put(v.name(), v.getArr());
            }
            ModelFile.write(file, new SavedModel(config, history, parameters, gan.optimizerState()),
                    UnaryOperator.identity());
            return null;
        });
    }

    static Gan load(Path file) throws IOException {
        Backend.defaultThreads();
        GanConfig[] config = new GanConfig[1];
        SameDiff[] graph = new SameDiff[1];
        SavedModel saved = ModelFile.read(Objects.requireNonNull(file, "file"), (json, parameters, state) -> {
            try {
                config[0] = GanConfig.fromJson(json);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, ModelFile.CONFIG + ": " + e.getMessage(), e);
            }
            long values = 0;
            for (Npy.Header h : parameters.values()) {
                values += Arrays.stream(h.shape()).reduce(1, Math::multiplyExact);
            }
            try {
                graph[0] = GanGraph.build(config[0], new RandomStreams(config[0].seed()).initialization(),
                        2 * values + GRAPH_SLACK);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, "does not fit its own configuration: " + e.getMessage(), e);
            }
            Map<String, Npy.Header> left = new LinkedHashMap<>(parameters);
            for (SDVariable v : Optimizer.parameters(graph[0])) {
                Npy.Header h = left.remove(v.name());
                if (h == null || !Arrays.equals(h.shape(), v.getArr().shape()) || h.type() != v.dataType()) {
                    throw new ModelFormatException(file, "parameter " + v.name() + " is "
                            + (h == null ? "missing" : h.type() + " " + Arrays.toString(h.shape())) + " but the"
                            + " configuration builds " + v.dataType() + " " + Arrays.toString(v.getArr().shape()));
                }
            }
            if (!left.isEmpty()) {
                throw new ModelFormatException(file, "parameters that the configuration does not build: "
                        + left.keySet());
            }
        });
        GanHistory history;
        try {
            history = ConfigJson.fromJson(saved.historyJson(), GanHistory.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFormatException(file, ModelFile.HISTORY + " is malformed (" + e.getMessage() + ")", e);
        }
        for (int i = 0; i < history.epochs().size(); i++) {
            if (history.epochs().get(i) == null || history.epochs().get(i).epoch() != i + 1) {
                throw new ModelFormatException(file, ModelFile.HISTORY + ": record " + i + " is not epoch " + (i + 1));
            }
        }
        for (Map.Entry<String, INDArray> e : saved.parameters().entrySet()) {
            requireFinite(file, "parameter " + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, INDArray> e : saved.optimizerState().entrySet()) {
            requireFinite(file, "optimizer state of parameter " + e.getKey(), e.getValue());
        }
        try {
            return restore(config[0], graph[0], saved.parameters(), saved.optimizerState(), history);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "does not fit its own configuration: " + e.getMessage(), e);
        }
    }

    private static void requireFinite(Path file, String what, INDArray a) throws ModelFormatException {
        if (!HostArrays.allFinite(a)) {
            throw new ModelFormatException(file, what + " holds a value that is not finite: the model was saved from"
                    + " a diverged run or the file was edited");
        }
    }

    /** An independent copy (new graph, copied arrays) with another configuration building the same graph. */
    static Gan copy(Gan gan, GanConfig config) {
        return gan.runner().locked(() -> {
            Map<String, INDArray> parameters = new LinkedHashMap<>();
            for (SDVariable v : Optimizer.parameters(gan.runner().graph())) {
                parameters.put(v.name(), v.getArr().dup());
            }
            Map<String, INDArray> state = new LinkedHashMap<>();
            gan.optimizerState().forEach((name, a) -> state.put(name, a.dup()));
            SameDiff sd = GanGraph.build(config, new RandomStreams(config.seed()).initialization(), Long.MAX_VALUE);
            return restore(config, sd, parameters, state, gan.history());
        });
    }

    /** A fresh model: the graph with its initial parameters and zero optimizer state. */
    static Gan create(GanConfig config) {
        SameDiff sd = GanGraph.build(config, new RandomStreams(config.seed()).initialization(), Long.MAX_VALUE);
        Map<String, INDArray> state = new LinkedHashMap<>();
        state.putAll(Optimizer.create(sd, GanGraph::isGenerator, config.generatorUpdater(), null).state());
        state.putAll(Optimizer.create(sd, GanGraph::isDiscriminator, config.discriminatorUpdater(), null).state());
        return new Gan(config, new GraphRunner(sd, config.dataType()), state, new GanHistory(java.util.List.of()));
    }

    private static Gan restore(GanConfig config, SameDiff sd, Map<String, INDArray> parameters,
            Map<String, INDArray> state, GanHistory history) {
        for (SDVariable v : Optimizer.parameters(sd)) {
            INDArray saved = parameters.get(v.name());
            if (saved == null) {
                throw new IllegalArgumentException("parameter " + v.name() + " is missing");
            }
            v.getArr().assign(saved);
        }
        Map<String, INDArray> generator = new LinkedHashMap<>();
        Map<String, INDArray> discriminator = new LinkedHashMap<>();
        state.forEach((name, a) -> (GanGraph.isGenerator(name) ? generator : discriminator).put(name, a));
        Optimizer.checkState(sd, GanGraph::isGenerator, config.generatorUpdater(), generator);
        Optimizer.checkState(sd, GanGraph::isDiscriminator, config.discriminatorUpdater(), discriminator);
        return new Gan(config, new GraphRunner(sd, config.dataType()), new LinkedHashMap<>(state), history);
    }
}
