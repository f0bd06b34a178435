package org.vae4j.gan;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.vae4j.ConfigJson;
import org.vae4j.data.ImageShape;

/**
 * A generative adversarial network (Goodfellow et al. 2014) and its training: the image shape, the noise size, the
 * two networks ({@link GanArchitecture}), the objective ({@link GanLoss}) and an optimizer per network.
 * Use {@link #builder}, or a preset: {@link #mlpMnist()}, {@link #dcganMnist()}. Written to and read from JSON by
 * {@link #toJson()} and {@link #fromJson(String)} (the same mapper as {@link ConfigJson}).
 *
 * @param imageShape the shape of one image; the generator outputs {@code [batch, imageShape.size()]} in [0, 1]
 * @param latentSize the size of the noise z ~ N(0, I) the generator maps, {@code > 0}
 * @param architecture how both networks are built
 * @param generatorLayers MLP: the generator's hidden widths, from z to the image; DCGAN: the channels of its feature
 *     maps, from the smallest ({@code H/2^k x W/2^k}, k = the list's size) up
 * @param discriminatorLayers MLP: the discriminator's hidden widths, from the image to the logit; DCGAN: the
 *     channels of its stride-2 convolutions
 * @param normalization DCGAN: layer normalization after every hidden layer but the discriminator's first
 * @param leakySlope the slope of leaky ReLU for negative inputs, in [0, 1) (0.2 in Radford et al. 2016)
 * @param heInitialization MLP generator: weights ~ U(-sqrt(6/in), sqrt(6/in)) and zero biases, the variance 2/in
 *     of He et al. 2015 ({@link org.vae4j.nn.Dense#defineHe}), instead of the default U(-1/sqrt(in), 1/sqrt(in))
 *     for weights and biases; from the default the 4-layer MNIST generator's samples hardly differed at the start
 *     (pixel spread 0.007) and training collapsed to one image. Ignored by DCGAN
 * @param discriminatorDropout MLP discriminator: the probability of dropping each hidden unit in training (Srivastava
 *     et al. 2014), in [0, 1); 0 for none. Not with {@link GanLoss#WGAN_GP} (its penalty differentiates the critic)
 * @param loss the objective
 * @param gradientPenalty WGAN-GP's lambda, {@code >= 0} (10 in Gulrajani et al. 2017); unused by the other losses
 * @param criticSteps WGAN-GP: discriminator (critic) updates per generator update, {@code >= 1} (5 in the paper);
 *     the other losses make one of each per batch
 * @param generatorUpdater the generator's optimizer
 * @param discriminatorUpdater the discriminator's optimizer
 * @param batchSize real images per update, {@code > 0}
 * @param epochs passes over the training set, {@code > 0}
 * @param seed the seed of the initial parameters, shuffles and noise
 * @param dataType {@code FLOAT} (default) or {@code DOUBLE}
 */
public record GanConfig(ImageShape imageShape, int latentSize, GanArchitecture architecture,
        List<Integer> generatorLayers, List<Integer> discriminatorLayers, boolean normalization, double leakySlope,
        boolean heInitialization, double discriminatorDropout, GanLoss loss, double gradientPenalty, int criticSteps,
        IUpdater generatorUpdater, IUpdater discriminatorUpdater, int batchSize, int epochs, long seed,
        DataType dataType) {

    /**
     * Validates the configuration.
     *
     * @throws NullPointerException naming the field if one is null
     * @throws IllegalArgumentException naming the field if a value is out of range, or if the DCGAN image size is not
     *     divisible by 2^k
     */
    public GanConfig {
        Objects.requireNonNull(imageShape, "GanConfig.imageShape");
        Objects.requireNonNull(architecture, "GanConfig.architecture");
        Objects.requireNonNull(loss, "GanConfig.loss");
        Objects.requireNonNull(generatorUpdater, "GanConfig.generatorUpdater");
        Objects.requireNonNull(discriminatorUpdater, "GanConfig.discriminatorUpdater");
        Objects.requireNonNull(dataType, "GanConfig.dataType");
        generatorLayers = List.copyOf(Objects.requireNonNull(generatorLayers, "GanConfig.generatorLayers"));
        discriminatorLayers = List.copyOf(Objects.requireNonNull(discriminatorLayers,
                "GanConfig.discriminatorLayers"));
        require(latentSize > 0, "latentSize must be > 0, got " + latentSize);
        positive(generatorLayers, "generatorLayers");
        positive(discriminatorLayers, "discriminatorLayers");
        require(leakySlope >= 0 && leakySlope < 1, "leakySlope must be in [0, 1), got " + leakySlope);
        require(discriminatorDropout >= 0 && discriminatorDropout < 1, "discriminatorDropout must be in [0, 1), got "
                + discriminatorDropout);
        require(discriminatorDropout == 0 || (architecture == GanArchitecture.MLP && loss != GanLoss.WGAN_GP),
                "discriminatorDropout is for the MLP discriminator with a non-Wasserstein loss, got "
                + discriminatorDropout + " with " + architecture + " and " + loss);
        require(gradientPenalty >= 0 && Double.isFinite(gradientPenalty),
                "gradientPenalty must be finite and >= 0, got " + gradientPenalty);
        require(criticSteps >= 1, "criticSteps must be >= 1, got " + criticSteps);
        require(batchSize > 0, "batchSize must be > 0, got " + batchSize);
        require(epochs > 0, "epochs must be > 0, got " + epochs);
        require(dataType == DataType.FLOAT || dataType == DataType.DOUBLE,
                "dataType must be FLOAT or DOUBLE, got " + dataType);
        if (architecture == GanArchitecture.DCGAN) {
            require(!generatorLayers.isEmpty(), "generatorLayers must name at least one feature map for DCGAN");
            require(!discriminatorLayers.isEmpty(), "discriminatorLayers must name at least one convolution for DCGAN");
            int scale = 1 << generatorLayers.size();
            require(imageShape.height() % scale == 0 && imageShape.width() % scale == 0,
                    "generatorLayers has " + generatorLayers.size() + " entries, so the image height and width must"
                    + " be divisible by " + scale + " (imageShape " + imageShape + ")");
            require(imageShape.height() >> discriminatorLayers.size() >= 1
                    && imageShape.width() >> discriminatorLayers.size() >= 1, "discriminatorLayers has "
                    + discriminatorLayers.size() + " stride-2 convolutions, too many for imageShape " + imageShape);
            int criticScale = 1 << discriminatorLayers.size();
            require(loss != GanLoss.WGAN_GP || (imageShape.height() % criticScale == 0
                    && imageShape.width() % criticScale == 0), "discriminatorLayers has " + discriminatorLayers.size()
                    + " stride-2 convolutions, so for WGAN_GP's input gradient the image height and width must be"
                    + " divisible by " + criticScale + " (imageShape " + imageShape + ")");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("GanConfig." + message);
        }
    }

    private static void positive(List<Integer> sizes, String field) {
        for (int i = 0; i < sizes.size(); i++) {
            require(sizes.get(i) != null && sizes.get(i) > 0, field + "[" + i + "] must be > 0, got " + sizes.get(i));
        }
    }

    /** @return values per image, {@code imageShape().size()} */
    public int pixels() {
        return imageShape.size();
    }

    /**
     * @param imageShape the shape of one image
     * @param latentSize the noise size
     * @return a builder with the defaults of {@link Builder}
     */
    public static Builder builder(ImageShape imageShape, int latentSize) {
        return new Builder(imageShape, latentSize);
    }

    /** @return a builder holding this configuration's values */
    public Builder toBuilder() {
        Builder b = new Builder(imageShape, latentSize);
        b.architecture = architecture;
        b.generatorLayers = generatorLayers;
        b.discriminatorLayers = discriminatorLayers;
        b.normalization = normalization;
        b.leakySlope = leakySlope;
        b.heInitialization = heInitialization;
        b.discriminatorDropout = discriminatorDropout;
        b.loss = loss;
        b.gradientPenalty = gradientPenalty;
        b.criticSteps = criticSteps;
        b.generatorUpdater = generatorUpdater;
        b.discriminatorUpdater = discriminatorUpdater;
        b.batchSize = batchSize;
        b.epochs = epochs;
        b.seed = seed;
        b.dataType = dataType;
        return b;
    }

    /**
     * The MLP GAN for 28x28 MNIST: generator 100-256-512-1024-784 (He-initialized, {@link #heInitialization()}),
     * discriminator 784-512-256-1 (no dropout: {@link #discriminatorDropout()} adds it), leaky ReLU 0.2,
     * non-saturating loss, Adam 2e-4 with beta1 0.5 for both networks (Radford et al. 2016, section 4),
     * batch 64.
     *
     * @return the configuration
     */
    public static GanConfig mlpMnist() {
        return builder(ImageShape.grayscale(28, 28), 100).architecture(GanArchitecture.MLP)
                .generatorLayers(256, 512, 1024).discriminatorLayers(512, 256).build();
    }

    /**
     * The DCGAN for 28x28 MNIST (Radford et al. 2016): generator z (100) -&gt; dense -&gt; 128x7x7 -&gt; transposed
     * convolutions to 64x14x14 and 1x28x28 (ReLU, sigmoid output); discriminator stride-2 convolutions to 64x14x14
     * and 128x7x7 (leaky ReLU 0.2) -&gt; dense -&gt; 1 logit; layer normalization ({@code nn.LayerNorm}) in place of
     * the paper's batch normalization; Adam 2e-4 with beta1 0.5, batch 64.
     *
     * @return the configuration
     */
    public static GanConfig dcganMnist() {
        return builder(ImageShape.grayscale(28, 28), 100).architecture(GanArchitecture.DCGAN)
                .generatorLayers(128, 64).discriminatorLayers(64, 128).normalization(true).build();
    }

    /** @return this configuration as JSON */
    public String toJson() {
        return ConfigJson.toJson(this);
    }

    /**
     * @param json a configuration written by {@link #toJson()}
     * @return the configuration
     * @throws IllegalArgumentException naming the field if the JSON is malformed or a value is invalid
     */
    public static GanConfig fromJson(String json) {
        try {
            return ConfigJson.fromJson(upgrade(json), GanConfig.class);
        } catch (IOException e) {
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                if (c instanceof IllegalArgumentException || c instanceof NullPointerException) {
                    throw new IllegalArgumentException(c.getMessage(), e); // the constructor's, naming the field
                }
            }
            String where = "";
            String message = e.getMessage();
            if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
                message = m.getOriginalMessage();
                where = m.getPath().stream().map(r -> r.getFieldName() != null ? "." + r.getFieldName()
                        : "[" + r.getIndex() + "]").collect(java.util.stream.Collectors.joining());
                where = where.isEmpty() ? "" : " at GanConfig" + where;
            }
            throw new IllegalArgumentException("not a GAN configuration" + where + ": " + message, e);
        }
    }

    /**
     * Reads configurations written before {@code heInitialization} and {@code discriminatorDropout} existed as what
     * they meant: the default initialization and no dropout.
     */
    private static String upgrade(String json) throws IOException {
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        if (tree instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("architecture")
                && (!o.has("heInitialization") || !o.has("discriminatorDropout"))) {
            if (!o.has("heInitialization")) {
                o.put("heInitialization", false);
            }
            if (!o.has("discriminatorDropout")) {
                o.put("discriminatorDropout", 0.0);
            }
            return o.toString();
        }
        return json;
    }

    /** Builds a {@link GanConfig}; every setter returns the builder. */
    public static final class Builder {
        private final ImageShape imageShape;
        private final int latentSize;
        private GanArchitecture architecture = GanArchitecture.MLP;
        private List<Integer> generatorLayers = List.of(256, 512, 1024);
        private List<Integer> discriminatorLayers = List.of(512, 256);
        private boolean normalization;
        private double leakySlope = 0.2;
        private boolean heInitialization = true;
        private double discriminatorDropout;
        private GanLoss loss = GanLoss.NON_SATURATING;
        private double gradientPenalty = 10;
        private int criticSteps = 5;
        private IUpdater generatorUpdater = dcganAdam();
        private IUpdater discriminatorUpdater = dcganAdam();
        private int batchSize = 64;
        private int epochs = 10;
        private long seed = 42;
        private DataType dataType = DataType.FLOAT;

        private Builder(ImageShape imageShape, int latentSize) {
            this.imageShape = imageShape;
            this.latentSize = latentSize;
        }

        /** Adam, learning rate 2e-4, beta1 0.5, beta2 0.999 (Radford et al. 2016, section 4). */
        private static IUpdater dcganAdam() {
            return Adam.builder().learningRate(2e-4).beta1(0.5).beta2(0.999).epsilon(1e-8).build();
        }

        /** @param v the architecture (default MLP) @return this */
        public Builder architecture(GanArchitecture v) {
            architecture = v;
            return this;
        }

        /** @param v the generator's hidden widths or channels (default 256, 512, 1024) @return this */
        public Builder generatorLayers(Integer... v) {
            generatorLayers = List.of(v);
            return this;
        }

        /** @param v the discriminator's hidden widths or channels (default 512, 256) @return this */
        public Builder discriminatorLayers(Integer... v) {
            discriminatorLayers = List.of(v);
            return this;
        }

        /** @param v DCGAN layer normalization (default false) @return this */
        public Builder normalization(boolean v) {
            normalization = v;
            return this;
        }

        /** @param v MLP generator: He initialization (default true) or the default one @return this */
        public Builder heInitialization(boolean v) {
            heInitialization = v;
            return this;
        }

        /** @param v the MLP discriminator's dropout probability in training (default 0: none) @return this */
        public Builder discriminatorDropout(double v) {
            discriminatorDropout = v;
            return this;
        }

        /** @param v the leaky ReLU slope (default 0.2) @return this */
        public Builder leakySlope(double v) {
            leakySlope = v;
            return this;
        }

        /**
         * Sets the loss; {@link GanLoss#WGAN_GP} also sets both updaters to the paper's Adam 1e-4, beta1 0, beta2 0.9
         * (Gulrajani et al. 2017, algorithm 1) and the discriminator's dropout to 0 (the critic's gradient penalty
         * needs a deterministic critic, so WGAN-GP refuses dropout), unless set afterwards: so
         * {@code mlpMnist().toBuilder().loss(WGAN_GP)} builds.
         *
         * @param v the loss (default NON_SATURATING)
         * @return this
         */
        public Builder loss(GanLoss v) {
            loss = v;
            if (v == GanLoss.WGAN_GP) {
                generatorUpdater = Adam.builder().learningRate(1e-4).beta1(0).beta2(0.9).epsilon(1e-8).build();
                discriminatorUpdater = generatorUpdater.clone();
                discriminatorDropout = 0;
            }
            return this;
        }

        /** @param v WGAN-GP's lambda (default 10) @return this */
        public Builder gradientPenalty(double v) {
            gradientPenalty = v;
            return this;
        }

        /** @param v WGAN-GP critic steps per generator step (default 5) @return this */
        public Builder criticSteps(int v) {
            criticSteps = v;
            return this;
        }

        /** @param v the generator's optimizer (default Adam 2e-4, beta1 0.5) @return this */
        public Builder generatorUpdater(IUpdater v) {
            generatorUpdater = v;
            return this;
        }

        /** @param v the discriminator's optimizer (default Adam 2e-4, beta1 0.5) @return this */
        public Builder discriminatorUpdater(IUpdater v) {
            discriminatorUpdater = v;
            return this;
        }

        /** @param v the batch size (default 64) @return this */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** @param v the epochs (default 10) @return this */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** @param v the seed (default 42) @return this */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** @param v FLOAT (default) or DOUBLE @return this */
        public Builder dataType(DataType v) {
            dataType = v;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the field if a value is invalid
         */
        public GanConfig build() {
            return new GanConfig(imageShape, latentSize, architecture, generatorLayers, discriminatorLayers,
                    normalization, leakySlope, heInitialization, discriminatorDropout, loss, gradientPenalty,
                    criticSteps, generatorUpdater, discriminatorUpdater, batchSize, epochs, seed, dataType);
        }
    }
}
