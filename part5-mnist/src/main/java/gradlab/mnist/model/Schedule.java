package gradlab.mnist.model;

import gradlab.optim.Optimizer;
import gradlab.optim.lr.CosineAnnealingLR;
import gradlab.optim.lr.ExponentialLR;
import gradlab.optim.lr.LRScheduler;
import gradlab.optim.lr.StepLR;

/**
 * The learning-rate schedule ({@code --schedule}), stepped once per epoch (part 4's schedulers):
 * none (constant), step (x0.1 every third of the run), cosine (lr_t = lr/2 (1 + cos(pi t / epochs))),
 * exponential (x0.9 per epoch).
 */
public enum Schedule {
    NONE("none"),
    STEP("step"),
    COSINE("cosine"),
    EXPONENTIAL("exponential");

    private final String id;

    Schedule(String id) {
        this.id = id;
    }

    @com.fasterxml.jackson.annotation.JsonValue
    public String id() {
        return id;
    }

    /** The scheduler for a run of {@code epochs} epochs, or null for none. */
    public LRScheduler build(Optimizer optimizer, int epochs) {
        return switch (this) {
            case NONE -> null;
            case STEP -> new StepLR(optimizer, Math.max(1, epochs / 3), 0.1);
            case COSINE -> new CosineAnnealingLR(optimizer, epochs);
            case EXPONENTIAL -> new ExponentialLR(optimizer, 0.9);
        };
    }

    @com.fasterxml.jackson.annotation.JsonCreator
    public static Schedule fromId(String id) {
        for (Schedule s : values()) {
            if (s.id.equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("--schedule: '" + id + "' is not a schedule; expected one of none, step,"
                + " cosine, exponential");
    }

    @Override
    public String toString() {
        return id;
    }
}
