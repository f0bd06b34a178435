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
 */
public record SavedModel(String configJson, String historyJson, Map<String, INDArray> parameters,
        Map<String, INDArray> optimizerState) {

    /**
     * @param configJson the configuration, JSON
     * @param historyJson the training history, JSON
     * @param parameters every trainable parameter by name, in graph order (kept in that order, not copied)
     * @param optimizerState the optimizer's state arrays by parameter name (kept in that order, not copied)
     * @throws NullPointerException naming the field if one is null
     */
    public SavedModel {
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(historyJson, "historyJson");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parameters,
                "parameters")));
        optimizerState = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(optimizerState,
                "optimizerState")));
    }
}
