package org.vae4j;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vae4j.data.table.TablePreprocessing;
import org.vae4j.exec.GraphRunner;
import org.vae4j.exec.HostArrays;
import org.vae4j.graph.VaeGraph;
import org.vae4j.io.Exceptions;
import org.vae4j.io.ModelFile;
import org.vae4j.io.ModelFormatException;
import org.vae4j.io.ModelWriteException;
import org.vae4j.io.Npy;
import org.vae4j.io.SavedModel;
import org.vae4j.train.Optimizer;
import org.vae4j.train.RandomStreams;

/**
 * A {@link Vae} to and from its file: converts the model to the plain {@link SavedModel} that {@link ModelFile}
 * writes (the configuration and history as JSON by {@link ConfigJson}, the arrays by name), and rebuilds a model
 * from one.
 */
final class VaeFiles {
    private VaeFiles() {
    }

    /** Writes a model (see {@link Vae#save}). */
    static void save(Vae vae, Path file, UnaryOperator<OutputStream> wrap) throws ModelWriteException {
        Objects.requireNonNull(file, "file");
        String configJson;
        try {
            configJson = ConfigJson.write(vae.config());
        } catch (IllegalArgumentException e) {
            throw new ModelWriteException(file, e.getMessage(), e);
        }
        String historyJson = ConfigJson.toJson(vae.history());
        vae.runner().<Void, ModelWriteException>locked(() -> {
            ModelFile.write(file, new SavedModel(configJson, historyJson, vae.parameters(), vae.optimizerState(),
                    vae.preprocessing().map(TablePreprocessing::toJson).orElse(null)), wrap);
            return null;
        });
    }

    /** Reads a model (see {@link Vae#load}). */
    static Vae load(Path file) throws IOException {
        Backend.defaultThreads();
        GraphCheck graph = new GraphCheck(Objects.requireNonNull(file, "file"));
        SavedModel saved = ModelFile.read(file, graph);
        VaeConfig config = graph.config;
        TrainingHistory history;
        try {
            history = ConfigJson.fromJson(saved.historyJson(), TrainingHistory.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelFormatException(file, ModelFile.HISTORY + " is malformed (" + Exceptions.describe(e) + ")",
                    e);
        }
        for (int i = 0; i < history.epochs().size(); i++) {
            if (history.epochs().get(i) == null || history.epochs().get(i).epoch() != i + 1) {
                throw new ModelFormatException(file, ModelFile.HISTORY + ": record " + i + " is not epoch " + (i + 1));
            }
        }
        requireFinite(file, "parameter", saved.parameters());
        requireFinite(file, "optimizer state of parameter", saved.optimizerState());
        TablePreprocessing preprocessing = null;
        if (saved.preprocessingJson() != null) {
            try {
                preprocessing = TablePreprocessing.fromJson(saved.preprocessingJson());
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, ModelFile.PREPROCESSING + ": " + e.getMessage(), e);
            }
        }
        try {
            return restore(config, graph.sd, saved.parameters(), saved.optimizerState(), history)
                    .withPreprocessing(preprocessing);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, "does not fit its own configuration: " + e.getMessage(), e);
        }
    }

    /**
     * An independent copy of a model (new graph, copied arrays, the same preprocessing), built from another
     * configuration that builds the same graph (for a resumed run: the same but for the number of epochs).
     */
    static Vae copy(Vae vae, VaeConfig newConfig) {
        return vae.runner().locked(() -> {
            Map<String, INDArray> params = new LinkedHashMap<>();
            vae.parameters().forEach((name, a) -> params.put(name, a.dup()));
            Map<String, INDArray> state = new LinkedHashMap<>();
            vae.optimizerState().forEach((name, a) -> state.put(name, a.dup()));
            return restore(newConfig, params, state, vae.history()).withPreprocessing(vae.preprocessing()
                    .orElse(null));
        });
    }

    /**
     * A runner over a new graph built from {@code config} holding copies of {@code runner}'s parameters (the graph's
     * variables; everything else the graph holds comes from the configuration), for a worker thread. Its size is the
     * model's parameters, without optimizer state.
     *
     * @param config the configuration {@code runner}'s graph was built from
     * @param runner the model's runner, locked while its parameters are read
     * @return the copy's runner
     */
    static GraphRunner copyGraph(VaeConfig config, GraphRunner runner) {
        SameDiff sd = VaeGraph.build(config, config.dataType(), new RandomStreams(config.seed()).initialization());
        runner.locked(() -> {
            for (SDVariable v : Optimizer.parameters(sd)) {
                v.getArr().assign(runner.graph().getArrForVarName(v.name()));
            }
            return null;
        });
        return new GraphRunner(sd, config.dataType());
    }

    /** @return {@code preprocessing} (may be null) if its width is the configuration's inputSize; else throws */
    static TablePreprocessing checkWidth(TablePreprocessing preprocessing, VaeConfig config) {
        if (preprocessing != null && preprocessing.width() != config.inputSize()) {
            throw new IllegalArgumentException("the table preprocessing makes " + preprocessing.width()
                    + " features per example but the model takes inputSize " + config.inputSize());
        }
        return preprocessing;
    }

    /**
     * Reads the configuration and builds its graph once the entry sizes are checked and before any array's data is
     * read: the graph may hold at most twice the parameter values the file does plus a million (a configuration
     * asking for more is refused before its parameters are allocated), and every array's shape must be the graph's.
     */
    private static final class GraphCheck implements ModelFile.ArrayCheck {
        /** Parameter values a loaded configuration's graph may hold beyond twice the file's. */
        private static final long GRAPH_SLACK = 1_000_000;
        private final Path file;
        private VaeConfig config;
        private SameDiff sd;

        GraphCheck(Path file) {
            this.file = file;
        }

        @Override
        public void check(String configJson, Map<String, Npy.Header> parameters,
                Map<String, Npy.Header> optimizerState) throws ModelFormatException {
            try {
                config = ConfigJson.read(configJson);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, ModelFile.CONFIG + ": " + e.getMessage(), e);
            }
            long values = 0;
            for (Npy.Header h : parameters.values()) {
                values += Arrays.stream(h.shape()).reduce(1, Math::multiplyExact); // each entry is under 2 GiB
            }
            // Room for a graph somewhat larger than the file, so that a small mismatch is reported by its shapes
            // below; a configuration asking for far more is refused before its parameters are allocated.
            long limit = 2 * values + GRAPH_SLACK;
            try {
                sd = VaeGraph.build(config, config.dataType(), new RandomStreams(config.seed()).initialization(),
                        limit);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, "does not fit its own configuration (the file holds " + values
                        + " parameter values; its graph may hold at most twice that plus " + GRAPH_SLACK + "): "
                        + e.getMessage(), e);
            }
            Map<String, Npy.Header> left = new LinkedHashMap<>(parameters);
            Map<String, Npy.Header> stateLeft = new LinkedHashMap<>(optimizerState);
            IUpdater updater = config.updater();
            for (SDVariable v : Optimizer.parameters(sd)) {
                INDArray built = v.getArr();
                Npy.Header saved = left.remove(v.name());
                if (saved != null && (!Arrays.equals(saved.shape(), built.shape())
                        || saved.type() != built.dataType())) {
                    throw misfit("parameter " + v.name() + " is " + saved.type() + " "
                            + Arrays.toString(saved.shape()) + " but the configuration builds " + built.dataType()
                            + " " + Arrays.toString(built.shape()));
                }
                Npy.Header state = stateLeft.remove(v.name());
                long[] needed = {1, updater.stateSize(built.length())};
                if (state != null && (!Arrays.equals(state.shape(), needed) || state.type() != built.dataType())) {
                    throw misfit("optimizer state of parameter " + v.name() + " is " + state.type() + " "
                            + Arrays.toString(state.shape()) + " but " + updater.getClass().getSimpleName() + " needs "
                            + built.dataType() + " " + Arrays.toString(needed));
                }
            }
            if (!left.isEmpty()) {
                throw misfit("parameters that the configuration does not build: " + left.keySet());
            }
            if (!stateLeft.isEmpty()) {
                throw misfit("optimizer state for parameters the graph does not have: " + stateLeft.keySet());
            }
        }

        private ModelFormatException misfit(String detail) {
            return new ModelFormatException(file, "does not fit its own configuration: " + detail);
        }
    }

    /**
     * Refuses arrays holding NaN or an infinity (a model saved from a diverged run, or an edited file): such a model
     * would load and then sample black images and evaluate to NaN.
     */
    private static void requireFinite(Path file, String what, Map<String, INDArray> arrays)
            throws ModelFormatException {
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            if (!HostArrays.allFinite(e.getValue())) {
                double[] values = e.getValue().reshape(e.getValue().length()).toDoubleVector();
                int i = 0;
                while (i < values.length && Double.isFinite(values[i])) {
                    i++;
                }
                throw new ModelFormatException(file, what + " " + e.getKey() + " holds " + (i < values.length
                        ? values[i] + " at flat index " + i : "a value that is not finite") + ": the model was saved"
                        + " from a diverged run or the file was edited; retrain or load an earlier checkpoint");
            }
        }
    }

    /**
     * Rebuilds a model from its configuration and saved arrays: builds the graph and sets every parameter.
     *
     * @param config the configuration
     * @param parameters every trainable parameter by name (kept or copied; not used afterwards by the caller)
     * @param optimizerState the optimizer state arrays by parameter name (kept, not copied)
     * @param history the epochs that produced the parameters
     * @return the model
     * @throws IllegalArgumentException naming the parameter if the arrays do not fit the graph the configuration
     *     builds (a missing, extra, misshapen or mistyped parameter or optimizer state)
     */
    static Vae restore(VaeConfig config, Map<String, INDArray> parameters, Map<String, INDArray> optimizerState,
            TrainingHistory history) {
        SameDiff sd = VaeGraph.build(config, config.dataType(), new RandomStreams(config.seed()).initialization());
        return restore(config, sd, parameters, optimizerState, history);
    }

    /** {@link #restore(VaeConfig, Map, Map, TrainingHistory)} into a graph already built from the configuration. */
    private static Vae restore(VaeConfig config, SameDiff sd, Map<String, INDArray> parameters,
            Map<String, INDArray> optimizerState, TrainingHistory history) {
        Map<String, INDArray> left = new LinkedHashMap<>(parameters);
        for (SDVariable v : Optimizer.parameters(sd)) {
            INDArray saved = left.remove(v.name());
            INDArray param = v.getArr();
            if (saved == null) {
                throw new IllegalArgumentException("parameter " + v.name() + " is missing");
            }
            if (!Arrays.equals(saved.shape(), param.shape()) || saved.dataType() != param.dataType()) {
                throw new IllegalArgumentException("parameter " + v.name() + " is " + saved.dataType() + " "
                        + Arrays.toString(saved.shape()) + " but the configuration builds " + param.dataType() + " "
                        + Arrays.toString(param.shape()));
            }
            param.assign(saved);
        }
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("parameters that the configuration does not build: " + left.keySet());
        }
        Optimizer.checkState(sd, config.updater(), optimizerState);
        return new Vae(config, new GraphRunner(sd, config.dataType()),
                Collections.unmodifiableMap(new LinkedHashMap<>(optimizerState)), history, null);
    }

}
