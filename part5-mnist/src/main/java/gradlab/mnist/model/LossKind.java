package gradlab.mnist.model;

import gradlab.nn.loss.CrossEntropyLoss;
import gradlab.nn.loss.Loss;
import gradlab.nn.loss.NLLLoss;

/**
 * The two equivalent ways to train a classifier ({@code --loss}): the model outputs raw scores and
 * {@code CrossEntropyLoss} applies log-softmax itself, or the model ends in a {@code LogSoftmax} layer and
 * {@code NLLLoss} picks the target's log-probability. Both compute -log softmax(x)[y].
 */
public enum LossKind {
    CROSSENTROPY("crossentropy"),
    NLL("nll");

    private final String id;

    LossKind(String id) {
        this.id = id;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /** Whether the model must end in LogSoftmax (for NLL). */
    public boolean needsLogSoftmax() {
        return this == NLL;
    }

    public Loss loss() {
        return this == NLL ? new NLLLoss() : new CrossEntropyLoss();
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static LossKind fromId(String id) {
        for (LossKind k : values()) {
            if (k.id.equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--loss: '" + id + "' is not a loss; expected crossentropy (raw scores"
                + " into CrossEntropyLoss) or nll (LogSoftmax layer, then NLLLoss)");
    }

    @Override
    public String toString() {
        return id;
    }
}
