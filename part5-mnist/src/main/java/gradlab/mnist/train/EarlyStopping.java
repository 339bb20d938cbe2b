package gradlab.mnist.train;

import java.util.List;

/**
 * The homework's two checks on the history of validation losses:
 * <ul>
 *   <li><b>overfitting</b>: the validation loss rose from one epoch to the next while the training loss fell;</li>
 *   <li><b>early stopping</b>: the best validation loss is {@code patience} or more epochs old (0 turns it off).</li>
 * </ul>
 * Both read only the history, so a resumed run decides exactly as an uninterrupted one.
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
        if (patience <= 0 || history.isEmpty() || history.get(0).valLoss() == null) {
            return false;
        }
        int best = 0;
        for (int i = 1; i < history.size(); i++) {
            if (history.get(i).valLoss() < history.get(best).valLoss()) {
                best = i;
            }
        }
        return history.size() - 1 - best >= patience;
    }
}
