package org.vae4j.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.vae4j.data.OneHot;
import org.vae4j.exec.ExecutionPlan;
import org.vae4j.graph.VaeGraph;
import org.vae4j.train.Optimizer;

/** The classifier's graph: its loss is the cross-entropy of its probabilities, and the plan's gradients SameDiff's. */
class ClassifierGraphTest {

    @Test
    void lossIsTheCrossEntropyAndThePlanGivesSameDiffsGradients() {
        SameDiff sd = MnistClassifier.graph(3);
        VaeGraph.createGradientFunction(sd);
        Nd4j.getRandom().setSeed(5);
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 784);
        int[] labels = {0, 3, 9, 3, 1, 7};
        Map<String, INDArray> feed = Map.of(MnistClassifier.IMAGES, images, MnistClassifier.LABELS,
                OneHot.encode(labels, 10));

        INDArray p = sd.output(feed, MnistClassifier.PROBABILITIES).get(MnistClassifier.PROBABILITIES);
        double crossEntropy = 0;
        for (int i = 0; i < labels.length; i++) {
            crossEntropy -= Math.log(p.getDouble(i, labels[i])) / labels.length;
        }
        double loss = sd.output(feed, MnistClassifier.LOSS).get(MnistClassifier.LOSS).getDouble(0);
        assertEquals(crossEntropy, loss, 1e-5);
        assertTrue(loss > 1.5 && loss < 3.5, "an untrained classifier is near ln 10: " + loss);

        List<String> parameters = Optimizer.parameters(sd).stream().map(v -> v.name()).toList();
        Map<String, INDArray> expected = sd.calculateGradients(feed, parameters);
        List<String> outputs = new ArrayList<>();
        for (String name : parameters) {
            outputs.add(sd.getVariable(name).getGradient().name());
        }
        Map<String, INDArray> actual = new ExecutionPlan(sd.getFunction("grad"), outputs, MnistClassifier.IMAGES)
                .execute(feed);
        assertEquals(8, parameters.size());
        for (String name : parameters) {
            INDArray e = expected.get(name);
            INDArray a = actual.get(sd.getVariable(name).getGradient().name());
            double scale = e.norm2Number().doubleValue();
            assertTrue(scale > 0, name + " gets a gradient");
            assertEquals(0, a.sub(e).norm2Number().doubleValue() / scale, 1e-4, name);
        }
    }
}
