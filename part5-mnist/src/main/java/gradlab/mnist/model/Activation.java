package gradlab.mnist.model;

import gradlab.nn.LeakyReLU;
import gradlab.nn.Module;
import gradlab.nn.ReLU;
import gradlab.nn.Sigmoid;
import gradlab.nn.Tanh;

/** The hidden layers' non-linearity, as named on the command line ({@code --activation}). */
public enum Activation {
    /** max(0, x). */
    RELU("relu"),
    /** x for x &gt; 0, else 0.01 x. */
    LEAKYRELU("leakyrelu"),
    /** 1 / (1 + e^-x). */
    SIGMOID("sigmoid"),
    /** (e^x - e^-x) / (e^x + e^-x). */
    TANH("tanh");

    private final String id;

    Activation(String id) {
        this.id = id;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /** A new layer of this activation (part 3's modules). */
    public Module layer() {
        return switch (this) {
            case RELU -> new ReLU();
            case LEAKYRELU -> new LeakyReLU();
            case SIGMOID -> new Sigmoid();
            case TANH -> new Tanh();
        };
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Activation fromId(String id) {
        for (Activation a : values()) {
            if (a.id.equalsIgnoreCase(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("--activation: '" + id + "' is not an activation; expected one of relu,"
                + " leakyrelu, sigmoid, tanh");
    }

    @Override
    public String toString() {
        return id;
    }
}
