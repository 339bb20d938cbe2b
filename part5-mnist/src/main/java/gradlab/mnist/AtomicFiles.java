package gradlab.mnist;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * How every file of a run is written: to a temporary sibling first, then renamed over the target
 * ({@code Files.move(..., ATOMIC_MOVE)}), so a reader (or a crash) never sees a half-written file. A write killed
 * before its rename leaves its temporary sibling behind; the next write to the same target removes it.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * A fresh temporary path beside {@code file} ("name.1234abcd.part" + {@code suffix}); unlike
     * {@code Files.createTempFile}, nothing is created yet, so the final file gets the usual permissions. Temporaries
     * of the same target that a killed write left ({@link #removeStale}) are deleted first.
     */
    public static Path tempBeside(Path file, String suffix) {
        Path abs = file.toAbsolutePath();
        removeStale(abs, suffix);
        return abs.resolveSibling(abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + ".part" + suffix);
    }

    /**
     * Deletes the temporaries of {@code target} ("name.HEX.part" + {@code suffix} in its folder) that an earlier
     * write, killed between writing and renaming, left behind. Files of other names are never touched. Cleaning is
     * best effort: a leftover that cannot be listed or deleted does not stop the write, which goes to a fresh name.
     */
    static void removeStale(Path target, String suffix) {
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        Pattern stale = Pattern.compile(Pattern.quote(target.getFileName().toString()) + "\\.[0-9a-f]{1,16}\\.part"
                + Pattern.quote(suffix));
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir,
                p -> stale.matcher(p.getFileName().toString()).matches())) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort (see above): the write itself does not depend on the cleaning
        }
    }
}
