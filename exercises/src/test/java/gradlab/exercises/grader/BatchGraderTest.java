package gradlab.exercises.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch grading of a class folder against the example hidden suite (24 points), two student JVMs at once:
 * a complete submission, a partial one (ex1 and ex2 only, zipped), one where nothing compiles, a hostile one and a
 * corrupt zip. Nothing stops the batch, and scores.csv holds the expected points.
 */
class BatchGraderTest {

    @Test
    @DisplayName("scores.csv of good, partial (zip), non-compiling, hostile and corrupt submissions")
    void classFolder(@TempDir Path dir) throws Exception {
        Path submissions = Files.createDirectories(dir.resolve("submissions"));
        Submissions.copyTree(Paths.solutions(), submissions.resolve("alice"));
        zip(Submissions.solutionsOf(dir.resolve("bob"), "ex1", "ex2"), submissions.resolve("bob.zip"));
        Submissions.copyTree(Paths.crafted("garbage"), submissions.resolve("carol"));
        Submissions.solutionsWith("hostile", submissions.resolve("dave"));
        Files.writeString(submissions.resolve("eve.zip"), "PK this is not a zip file");
        Path out = dir.resolve("out");

        int code = GraderCli.run("batch", "--submissions", submissions.toString(), "--tests",
                Paths.hiddenTests().toString(), "--out", out.toString(), "--jobs", "2", "--timeout", "4",
                "--heap", "256m");

        assertThat(code).isZero();
        List<String> csv = Files.readAllLines(out.resolve("scores.csv"));
        assertThat(csv.get(0)).isEqualTo("student,score,max,ex1,ex2,ex3,ex4,ex5,status");
        assertThat(csv.get(1)).isEqualTo("alice,24,24,5,6,5,4,4,graded");
        assertThat(csv.get(2)).isEqualTo("bob,11,24,5,6,0,0,0,graded; stub used for Linear.java Dropout.java"
                + " CrossEntropyLoss.java MomentumSGD.java AdamOptimizer.java TrainingLoop.java ReluBackwardKernel.java");
        assertThat(csv.get(3)).startsWith("carol,0,24,0,0,0,0,0,graded; stub used for MultiplyGate.java AddGate.java");
        assertThat(csv.get(4)).isEqualTo("dave,17,24,0,4,5,4,4,graded; stub used for MatMul.java;"
                + " mentions engine code in AdamOptimizer.java");
        assertThat(csv.get(5)).startsWith("eve,0,0,0,0,0,0,0,error: submission ").contains("is not a readable zip");
        assertThat(csv).hasSize(6);
        for (String student : List.of("alice", "bob", "carol", "dave")) {
            assertThat(out.resolve(student).resolve("results.json")).isRegularFile();
            assertThat(out.resolve(student).resolve("summary.md")).isRegularFile();
        }
        assertThat(Files.readString(out.resolve("carol/summary.md"))).contains("did not compile",
                "MultiplyGate.java:1: error:");
    }

    static void zip(Path dir, Path zip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(raw);
             Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry("my-work/" + dir.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
    }
}
