package gradlab.exercises.grader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a Gradescope autograder zip. Gradescope unpacks it into {@code /autograder/source}, runs
 * {@code setup.sh} once when the image is built, and for each submission runs {@code run_autograder} (copied to
 * {@code /autograder/run_autograder}) with the student's files in {@code /autograder/submission}; the score is read
 * from {@code /autograder/results/results.json}. The zip holds:
 * <pre>
 *   setup.sh          installs a JDK 17 (Debian/Ubuntu's openjdk-17-jdk-headless) and OpenCL on the CPU (pocl), which
 *                     the ex5.2 kernel tests run on
 *   run_autograder    java -cp "lib/*" ... grade --submission ../submission --tests tests --out ../results
 *   lib/*.jar         the engine, the grader and their libraries (the grader's classpath; the workbook's
 *                     compiled exercise classes are left out, so no solution can ship by mistake)
 *   tests/...         the hidden test sources
 *   SUITE.txt         the engine version and the test suite's sha256
 * </pre>
 */
public final class GradescopePackager {
    private GradescopePackager() {
    }

    public static void build(Path testsDir, Path zip) throws IOException, GradingException {
        List<Path> tests = Files.isDirectory(testsDir) ? Submission.sortedFiles(testsDir, ".java") : List.of();
        if (tests.isEmpty()) {
            throw new GradingException("hidden tests folder " + testsDir + " is missing or holds no .java files");
        }
        if (zip.getParent() != null) {
            Files.createDirectories(zip.getParent());
        }
        Path tmp = zip.resolveSibling(zip.getFileName() + ".tmp");
        Set<String> names = new HashSet<>();
        try (OutputStream raw = Files.newOutputStream(tmp); ZipOutputStream out = new ZipOutputStream(raw)) {
            text(out, "setup.sh", setupScript());
            text(out, "run_autograder", runScript());
            text(out, "SUITE.txt", Grader.engineVersion() + "\ntest suite sha256 " + Grader.hash(testsDir, tests)
                    + "\n");
            for (Path t : tests) {
                out.putNextEntry(new ZipEntry("tests/" + testsDir.relativize(t).toString().replace('\\', '/')));
                Files.copy(t, out);
                out.closeEntry();
            }
            for (Path entry : EngineClasspath.current()) {
                if (Files.isDirectory(entry)) {
                    String name = uniqueName(names, jarNameOf(entry));
                    out.putNextEntry(new ZipEntry("lib/" + name));
                    out.write(jarOf(entry));
                    out.closeEntry();
                } else if (entry.getFileName().toString().endsWith(".jar")) {
                    out.putNextEntry(new ZipEntry("lib/" + uniqueName(names, entry.getFileName().toString())));
                    if (holdsExerciseClasses(entry)) {
                        out.write(jarWithoutExercises(entry));
                    } else {
                        Files.copy(entry, out);
                    }
                    out.closeEntry();
                }
            }
        }
        Files.move(tmp, zip, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String uniqueName(Set<String> names, String name) {
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name.replace(".jar", "-" + i + ".jar");
        }
        return candidate;
    }

    /** target/classes of module m becomes m.jar. */
    private static String jarNameOf(Path classesDir) {
        Path parent = classesDir.getParent();
        Path module = parent == null ? null : parent.getParent();
        return (module == null ? classesDir.getFileName().toString() : module.getFileName().toString()) + ".jar";
    }

    /** A jar of a classes folder, without the workbook's compiled exercises (gradlab/exercises/exN/). */
    private static byte[] jarOf(Path dir) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            for (Path f : files) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                if (isExerciseClass(name)) {
                    continue;
                }
                jar.putNextEntry(new ZipEntry(name));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static boolean isExerciseClass(String name) {
        return name.matches("gradlab/exercises/ex\\d+/.*");
    }

    private static boolean holdsExerciseClasses(Path jar) throws IOException {
        try (java.util.zip.ZipFile f = new java.util.zip.ZipFile(jar.toFile())) {
            return java.util.Collections.list(f.entries()).stream().anyMatch(e -> isExerciseClass(e.getName()));
        }
    }

    /** The grader's own jar without the compiled exercises (stubs, or solutions if built with -Psolutions). */
    private static byte[] jarWithoutExercises(Path jar) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipFile f = new java.util.zip.ZipFile(jar.toFile());
             ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (ZipEntry e : java.util.Collections.list(f.entries())) {
                if (isExerciseClass(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                try (var in = f.getInputStream(e)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static void text(ZipOutputStream out, String name, String content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    static String setupScript() {
        return """
                #!/usr/bin/env bash
                # Gradescope runs this once, as root, when it builds the autograder image.
                set -euo pipefail
                apt-get update
                apt-get install -y --no-install-recommends openjdk-17-jdk-headless
                # OpenCL on the CPU for the ex5.2 kernel tests (without a platform they are skipped and score 0)
                apt-get install -y --no-install-recommends ocl-icd-libopencl1 pocl-opencl-icd
                """;
    }

    static String runScript() {
        return """
                #!/usr/bin/env bash
                # Gradescope copies this to /autograder/run_autograder and runs it for each submission.
                # AUTOGRADER_ROOT (default: the folder above source/) and JAVA (default: java) may be overridden.
                set -u
                here="$(cd "$(dirname "$0")" && pwd)"
                if [ "$(basename "$here")" = "source" ]; then default_root="$(dirname "$here")"; else default_root="$here"; fi
                ROOT="${AUTOGRADER_ROOT:-$default_root}"
                JAVA="${JAVA:-java}"
                mkdir -p "$ROOT/results"
                "$JAVA" -cp "$ROOT/source/lib/*" gradlab.exercises.grader.GraderCli grade \\
                    --submission "$ROOT/submission" --tests "$ROOT/source/tests" --out "$ROOT/results"
                status=$?
                if [ $status -ne 0 ] && [ ! -s "$ROOT/results/results.json" ]; then
                    # grading failed (not the student): give Gradescope a results.json that says so
                    cat > "$ROOT/results/results.json" <<JSON
                {"score": 0, "output": "The autograder could not grade this submission (exit code $status). Please contact the course staff.", "tests": []}
                JSON
                fi
                exit 0
                """;
    }
}
