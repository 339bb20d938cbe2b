package gradlab.mnist.model;

import gradlab.optim.Adam;
import gradlab.optim.AdamW;
import gradlab.optim.Optimizer;
import gradlab.optim.RMSprop;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.util.List;

/** The optimizer ({@code --optimizer}), built from part 4 with the run's lr, momentum and weight decay. */
public enum OptimizerKind {
    SGD("sgd"),
    ADAM("adam"),
    ADAMW("adamw"),
    RMSPROP("rmsprop");

    private final String id;

    OptimizerKind(String id) {
        this.id = id;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /**
     * The optimizer over {@code params}. {@code momentum} is SGD's and RMSprop's momentum (Adam and AdamW have betas
     * instead and ignore it); {@code nesterov} applies to SGD only (it needs momentum &gt; 0).
     */
    public Optimizer build(List<? extends Tensor> params, double lr, double momentum, boolean nesterov,
                           double weightDecay) {
        if (nesterov && (this != SGD || momentum <= 0)) {
            throw new IllegalArgumentException("--nesterov: Nesterov momentum needs --optimizer sgd and --momentum"
                    + " > 0 (got --optimizer " + id + " --momentum " + momentum + ")");
        }
        return switch (this) {
            case SGD -> new gradlab.optim.SGD(params, gradlab.optim.SGD.options(lr).momentum(momentum)
                    .nesterov(nesterov).weightDecay(weightDecay));
            case ADAM -> new Adam(params, Adam.options().lr(lr).weightDecay(weightDecay));
            case ADAMW -> new AdamW(params, AdamW.options().lr(lr).weightDecay(weightDecay));
            case RMSPROP -> new RMSprop(params, RMSprop.options().lr(lr).momentum(momentum)
                    .weightDecay(weightDecay));
        };
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static OptimizerKind fromId(String id) {
        for (OptimizerKind k : values()) {
            if (k.id.equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--optimizer: '" + id + "' is not an optimizer; expected one of sgd,"
                + " adam, adamw, rmsprop");
    }

    @Override
    public String toString() {
        return id;
    }
}
