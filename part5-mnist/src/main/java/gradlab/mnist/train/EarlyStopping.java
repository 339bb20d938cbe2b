package gradlab.mnist.train;

import java.util.List;

/**
 * The homework's two checks on the history of validation losses:
 * <ul>
 *   <li><b>overfitting</b>: the validation loss rose from one epoch to the next while the training loss fell;</li>
 *   <li><b>early stopping</b>: the best validation loss is {@code patience} or more epochs old (0 turns it off).</li>
 * </ul>
 * and which epoch was the best, {@code argmin_e val_loss(e)} (the first of equal ones: a later epoch must be strictly
 * better, as Keras's {@code EarlyStopping(restore_best_weights=True)} and Lightning's
 * {@code ModelCheckpoint(mode="min")} decide), whose weights a run with validation ends with. All read only the
 * history, so a resumed run decides exactly as an uninterrupted one.
 */
public final class EarlyStopping {
    private EarlyStopping() {
    }

    /** A warning when the last epoch's validation loss rose while its training loss fell, else null. */
    public static String overfittingWarning(List<EpochRecord> history) {
        int n = history.size();
        if (n < 2 || history.get(n - 1).valLoss() == null) {
            return null;
        }
        EpochRecord a = history.get(n - 2);
        EpochRecord b = history.get(n - 1);
        if (b.valLoss() > a.valLoss() && b.trainLoss() < a.trainLoss()) {
            return String.format("warning: validation loss rose (%.4f -> %.4f) while training loss fell (%.4f ->"
                    + " %.4f): the model may be starting to overfit", a.valLoss(), b.valLoss(), a.trainLoss(),
                    b.trainLoss());
        }
        return null;
    }

    /** Whether the best validation loss so far is at least {@code patience} epochs old. */
    public static boolean shouldStop(List<EpochRecord> history, int patience) {
        if (patience <= 0) {
            return false;
        }
        Integer best = bestEpoch(history);
        return best != null && history.get(history.size() - 1).epoch() - best >= patience;
    }

    /**
     * The epoch number (1, 2, ...) with the lowest validation loss, the first one on a tie; null when the history is
     * empty or has no validation losses ({@code --val-split 0}). A NaN loss (a diverged epoch) is never the best.
     */
    public static Integer bestEpoch(List<EpochRecord> history) {
        EpochRecord best = null;
        for (EpochRecord r : history) {
            if (r.valLoss() != null && !r.valLoss().isNaN() && (best == null || r.valLoss() < best.valLoss())) {
                best = r;
            }
        }
        return best == null ? null : best.epoch();
    }
}
