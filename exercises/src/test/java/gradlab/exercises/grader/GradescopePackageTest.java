package gradlab.exercises.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gradescope autograder zip, end to end: built by {@code grader package}, unpacked into a folder laid out as
 * Gradescope's ({@code autograder/source}, {@code autograder/submission}, {@code autograder/results}), and
 * {@code run_autograder} run from {@code autograder/} with the solutions as the submission.
 */
class GradescopePackageTest {

    @Test
    @DisplayName("the autograder zip grades the solutions 24 / 24 in a Gradescope-like folder, and ships no solution")
    void endToEnd(@TempDir Path dir) throws Exception {
        Path zip = dir.resolve("autograder.zip");
        assertThat(GraderCli.run("package", "--tests", Paths.hiddenTests().toString(), "--out", zip.toString()))
                .isZero();

        Path autograder = dir.resolve("autograder");
        Path source = autograder.resolve("source");
        unzip(zip, source);
        assertThat(source.resolve("setup.sh")).isRegularFile();
        assertThat(Files.readString(source.resolve("setup.sh"))).contains("openjdk-17-jdk-headless", "pocl-opencl-icd");
        assertThat(source.resolve("tests/gradlab/exercises/hidden/HiddenEx2Test.java")).isRegularFile();
        assertThat(Files.readString(source.resolve("SUITE.txt"))).contains("test suite sha256");
        List<String> exerciseClasses = new ArrayList<>();
        try (var libs = Files.list(source.resolve("lib"))) {
            for (Path jar : libs.toList()) {
                try (ZipFile f = new ZipFile(jar.toFile())) {
                    Collections.list(f.entries()).stream().map(ZipEntry::getName)
                            .filter(n -> n.matches("gradlab/exercises/ex\\d+/.*\\.class")).forEach(exerciseClasses::add);
                }
            }
        }
        assertThat(exerciseClasses).as("compiled exercise classes (stubs or solutions) in the zip").isEmpty();

        Files.copy(source.resolve("run_autograder"), autograder.resolve("run_autograder"));
        Submissions.copyTree(Paths.solutions(), autograder.resolve("submission"));
        ProcessBuilder pb = new ProcessBuilder("bash", autograder.resolve("run_autograder").toString())
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().remove("AUTOGRADER_ROOT");
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();

        JsonNode results = new ObjectMapper().readTree(autograder.resolve("results/results.json").toFile());
        assertThat(results.path("score").asDouble()).as(log + results.toPrettyString()).isEqualTo(24);
        assertThat(results.path("tests")).hasSize(12);
        assertThat(autograder.resolve("results/summary.md")).isRegularFile();
    }

    static void unzip(Path zip, Path dir) throws Exception {
        try (InputStream raw = Files.newInputStream(zip); ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
    }
}
