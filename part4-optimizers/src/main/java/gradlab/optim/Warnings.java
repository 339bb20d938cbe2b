package gradlab.optim;

import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PyTorch's {@code warnings.warn} for GradLab: a usage that works but is probably a mistake (a scheduler stepped
 * before its optimizer) prints one line, {@code "GradLab warning: ..."}, on standard error, once per cause for the
 * life of the JVM (as Python shows a warning once per place), and the program goes on.
 */
public final class Warnings {
    private static final Set<String> SHOWN = ConcurrentHashMap.newKeySet();

    private Warnings() {
    }

    /**
     * Prints {@code message} as one line on standard error, unless a warning with this {@code cause} was already
     * printed. Returns whether it printed.
     */
    public static boolean warnOnce(String cause, String message) {
        if (!SHOWN.add(cause)) {
            return false;
        }
        PrintStream err = System.err;
        err.println("GradLab warning: " + message.replace('\n', ' '));
        return true;
    }

    /** Forgets which warnings were shown, so each prints again (for tests). */
    public static void reset() {
        SHOWN.clear();
    }
}
