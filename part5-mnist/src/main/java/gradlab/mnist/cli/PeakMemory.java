package gradlab.mnist.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's peak resident memory, from Linux's {@code /proc/PID/status} ({@code VmHWM}, the high-water mark of
 * the resident set, in kB). Writing {@code 5} to {@code /proc/self/clear_refs} resets this process's mark to its
 * current resident set (Linux 4.0 on), so the peak of one part of a run can be measured on its own.
 */
final class PeakMemory {
    private static Boolean resettable;

    private PeakMemory() {
    }

    /** The process's peak resident set in kB, or 0 where there is no /proc. */
    static long peakKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Resets this process's peak to its current resident set; false where the kernel does not allow it. */
    static synchronized boolean reset() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            resettable = true;
        } catch (IOException | RuntimeException e) {
            resettable = false;
        }
        return resettable;
    }

    /** Whether the last {@link #reset} worked. */
    static synchronized boolean resettable() {
        return resettable != null && resettable;
    }
}
