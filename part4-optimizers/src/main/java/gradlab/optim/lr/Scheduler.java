package gradlab.optim.lr;

import java.util.List;
import java.util.Map;

/**
 * Anything that sets the learning rates of an optimizer's groups as training goes on: the epoch schedulers
 * ({@link LRScheduler} and its subclasses) and {@link ReduceLROnPlateau}, which is stepped with a metric instead.
 * What they share is their state: a small map of counters and lrs that {@link gradlab.optim.io.Checkpoint} saves
 * and restores, so a resumed run sets the same lrs as one that never stopped.
 */
public interface Scheduler {

    /** The lr of each group after the last step (PyTorch's {@code get_last_lr()}). */
    List<Double> getLastLr();

    /** The scheduler's counters and lrs, with its kind under {@code "scheduler"} (numbers, strings, lists). */
    Map<String, Object> stateDict();

    /**
     * Restores what {@link #stateDict()} saved. Checks the kind, every key and every value's type first and changes
     * nothing on error; the message names the key, the value and the expected form.
     */
    void loadStateDict(Map<String, Object> dict);
}
