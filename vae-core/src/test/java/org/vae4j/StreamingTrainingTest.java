package org.vae4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vae4j.data.DataSetIterators;
import org.vae4j.data.FileDataset;
import org.vae4j.data.ImageDataset;

/** Training on data streamed from disk, or read from a DL4J iterator, is training on the same rows in memory. */
class StreamingTrainingTest {

    @Test
    void trainingOnAFileDatasetEqualsTrainingInMemoryBitForBit(@TempDir Path dir) throws Exception {
        ImageDataset train = TestModels.labelledStripes(300, 42);
        ImageDataset validation = TestModels.labelledStripes(60, 43);
        FileDataset onDisk = FileDataset.write(train, dir.resolve("train.npy"));
        TrainingResult inMemory = new VaeTrainer(TestModels.tiny(2)).fit(train, validation);
        TrainingResult streamed = new VaeTrainer(TestModels.tiny(2)).fit(onDisk, validation);
        TestModels.assertSameState(inMemory.model(), streamed.model());
        TestModels.assertSameHistory(inMemory.history(), streamed.history());
    }

    @Test
    void aConditionalVaeTrainsOnTheLabelsOfAFileDataset(@TempDir Path dir) throws Exception {
        ImageDataset train = TestModels.labelledStripes(300, 42);
        FileDataset onDisk = FileDataset.write(train, dir.resolve("train.npy"));
        VaeConfig config = TestModels.tiny(1).toBuilder().conditionSize(4).build();
        TestModels.assertSameState(new VaeTrainer(config).fit(train).model(),
                new VaeTrainer(config).fit(onDisk).model());
    }

    @Test
    void trainingOnADl4jIteratorEqualsTrainingOnItsRows() {
        ImageDataset train = TestModels.labelledStripes(300, 42);
        var iterator = new org.nd4j.linalg.dataset.ViewIterator(new org.nd4j.linalg.dataset.DataSet(train.features().reshape(300, 1, 4, 4),
                org.vae4j.data.OneHot.encode(train.labels(), 4)), 64);
        ImageDataset read = DataSetIterators.toDataset(iterator);
        assertEquals(train.size(), read.size());
        assertEquals(train.shape(), read.shape());
        assertFalse(read.features().neq(train.features()).any(), "features differ");
        TestModels.assertSameState(new VaeTrainer(TestModels.tiny(1)).fit(train).model(),
                new VaeTrainer(TestModels.tiny(1)).fit(read).model());
    }
}
