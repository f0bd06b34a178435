package org.vae4j.nn;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Elementwise activation functions for hidden layers. */
public enum Activation {
    /** max(0, x). */
    RELU {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return sd.nn().relu(x, 0.0);
        }
    },
    /** tanh(x). */
    TANH {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return sd.math().tanh(x);
        }
    },
    /** 1 / (1 + exp(-x)). */
    SIGMOID {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return sd.nn().sigmoid(x);
        }
    },
    /** log(1 + exp(x)). */
    SOFTPLUS {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return sd.nn().softplus(x);
        }
    },
    /** x for x &gt; 0, exp(x) - 1 otherwise (Clevert et al. 2016). */
    ELU {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return sd.nn().elu(x);
        }
    },
    /** x for x &gt; 0, 0.01 x otherwise. */
    LEAKY_RELU {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return sd.nn().leakyRelu(x, 0.01);
        }
    },
    /** x. */
    IDENTITY {
        @Override
        public SDVariable apply(SameDiff sd, SDVariable x) {
            return x;
        }
    };

    /**
     * @param sd the graph
     * @param x the pre-activation, any shape
     * @return the activation, same shape as {@code x}
     */
    public abstract SDVariable apply(SameDiff sd, SDVariable x);
}
