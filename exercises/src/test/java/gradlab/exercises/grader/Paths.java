package gradlab.exercises.grader;

import java.nio.file.Path;

/** The module's folders, from the module's base directory (Surefire's working directory). */
final class Paths {
    private Paths() {
    }

    static Path base() {
        return Path.of(System.getProperty("gradlab.exercises.basedir", ".")).toAbsolutePath().normalize();
    }

    static Path stubs() {
        return base().resolve("src/workbook/java");
    }

    static Path solutions() {
        return base().resolve("src/solutions/java");
    }

    static Path publicTests() {
        return base().resolve("src/public-test/java");
    }

    static Path hiddenTests() {
        return base().resolve("src/hidden-test/java");
    }

    static Path crafted(String name) {
        return base().resolve("src/test/submissions/" + name);
    }
}
