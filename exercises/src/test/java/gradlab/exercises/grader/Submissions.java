package gradlab.exercises.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** Builds crafted submissions for the grader's tests: the solutions with some files replaced, left out or broken. */
final class Submissions {
    private Submissions() {
    }

    /** Copies every .java file under {@code from} into {@code to}, keeping paths (overwriting). */
    static void copyTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = to.resolve(from.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The solutions with the crafted files of {@code src/test/submissions/<name>} laid over them. */
    static Path solutionsWith(String name, Path dir) {
        try {
            copyTree(Paths.solutions(), dir);
            copyTree(Paths.crafted(name), dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The solutions of the given exercises only (the other files are missing). */
    static Path solutionsOf(Path dir, String... exercises) throws IOException {
        for (String e : exercises) {
            copyTree(Paths.solutions().resolve("gradlab/exercises/" + e), dir.resolve("gradlab/exercises/" + e));
        }
        return dir;
    }
}
