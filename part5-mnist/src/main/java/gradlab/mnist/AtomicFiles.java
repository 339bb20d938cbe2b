package gradlab.mnist;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How every file of a run is written: to a temporary sibling first, then renamed over the target
 * ({@code Files.move(..., ATOMIC_MOVE)}), so a reader (or a crash) never sees a half-written file.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * A fresh temporary path beside {@code file} ("name.1234abcd.part" + {@code suffix}); unlike
     * {@code Files.createTempFile}, nothing is created yet, so the final file gets the usual permissions.
     */
    public static Path tempBeside(Path file, String suffix) {
        Path abs = file.toAbsolutePath();
        return abs.resolveSibling(abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".part" + suffix);
    }
}
