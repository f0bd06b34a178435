package org.vae4j.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The content of a model file ({@link ModelFile}), as plain data: the configuration and the training history as the
 * JSON texts {@code org.vae4j.ConfigJson} writes, and the arrays by name. It knows nothing of the graph; the model
 * ({@code org.vae4j.Vae}) converts itself to and from it.
 *
 * @param configJson the configuration, JSON
 * @param historyJson the training history, JSON
 * @param parameters every trainable parameter by its graph name ({@code encoder/hidden0/W}), in graph order
 * @param optimizerState the optimizer's state array {@code [1, stateSize]} of each parameter that has one, by
 *     parameter name
 * @param preprocessingJson the input preprocessing (e.g. a CSV table's), JSON, or null for none
 */
public record SavedModel(String configJson, String historyJson, Map<String, INDArray> parameters,
        Map<String, INDArray> optimizerState, String preprocessingJson) {

    /**
     * @param configJson the configuration, JSON
     * @param historyJson the training history, JSON
     * @param parameters every trainable parameter by name, in graph order (kept in that order, not copied)
     * @param optimizerState the optimizer's state arrays by parameter name (kept in that order, not copied)
     * @param preprocessingJson the input preprocessing, JSON, or null
     * @throws NullPointerException naming the field if one other than {@code preprocessingJson} is null
     */
    public SavedModel {
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(historyJson, "historyJson");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parameters,
                "parameters")));
        optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(optimizerState,
                "optimizerState")));
    }

    /**
     * A model without input preprocessing.
     *
     * @param configJson the configuration, JSON
     * @param historyJson the training history, JSON
     * @param parameters every trainable parameter by name, in graph order
     * @param optimizerState the optimizer's state arrays by parameter name
     * @throws NullPointerException naming the field if one is null
     */
    public SavedModel(String configJson, String historyJson, Map<String, INDArray> parameters,
            Map<String, INDArray> optimizerState) {
        this(configJson, historyJson, parameters, optimizerState, null);
    }
}
