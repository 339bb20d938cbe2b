package gradlab.exercises.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The grader survives a crafted hostile submission (src/test/submissions/hostile over the solutions), graded
 * once through the command line against the public tests with a 4 s per-test timeout:
 * MultiplyGate prints 10 MB, AddGate loops forever, MaxGate exhausts the heap, SigmoidGate calls System.exit(1),
 * Backprop.topologicalOrder overflows the stack, MatMul does not compile, AdamOptimizer names the engine's Adam.
 * Each failure costs only its own tests.
 */
class HostileSubmissionTest {
    @TempDir
    static Path dir;
    private static int exitCode;
    private static JsonNode results;
    private static String summary;
    private static final Map<String, JsonNode> TESTS = new LinkedHashMap<>();

    @BeforeAll
    static void grade() throws Exception {
        Path submission = Submissions.solutionsWith("hostile", dir.resolve("submission"));
        Path out = dir.resolve("out");
        exitCode = GraderCli.run("grade", "--submission", submission.toString(), "--tests",
                Paths.publicTests().toString(), "--out", out.toString(), "--timeout", "4", "--heap", "256m");
        results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        summary = Files.readString(out.resolve("summary.md"));
        results.path("tests").forEach(t -> TESTS.put(t.path("name").asText(), t));
    }

    private static JsonNode test(String prefix) {
        return TESTS.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no test named " + prefix + "... in " + TESTS.keySet()));
    }

    @Test
    @DisplayName("grading worked (exit 0) and every other exercise kept its points: 35 of 50")
    void scoreOfTheRest() {
        assertThat(exitCode).isZero();
        assertThat(TESTS).hasSize(31);
        assertThat(results.path("score").asDouble()).as(results.toPrettyString()).isEqualTo(35);
        assertThat(results.path("extra_data").path("exercises").path("ex3").path("score").asDouble()).isEqualTo(10);
        assertThat(results.path("extra_data").path("exercises").path("ex4").path("score").asDouble()).isEqualTo(8);
        assertThat(results.path("extra_data").path("exercises").path("ex5").path("score").asDouble()).isEqualTo(8);
    }

    @Test
    @DisplayName("an infinite loop fails its tests by the per-test timeout; the JVM restarts for the rest")
    void infiniteLoop() {
        JsonNode add = test("ex1.2 AddGate");
        assertThat(add.path("score").asDouble()).isZero();
        assertThat(add.path("output").asText()).contains("timed out");
        // the graph test reaches MaxGate (out of memory) before AddGate in its backward pass
        assertThat(test("ex1.1-1.3 your gates inside").path("score").asDouble()).isZero();
        assertThat(results.path("extra_data").path("notes").toString()).contains("restarted after a test timed out");
    }

    @Test
    @DisplayName("System.exit fails the test that called it, saying so")
    void systemExit() {
        JsonNode sigmoid = test("ex1.4 SigmoidGate");
        assertThat(sigmoid.path("score").asDouble()).isZero();
        assertThat(sigmoid.path("output").asText()).contains("exited with code 1");
    }

    @Test
    @DisplayName("OutOfMemoryError fails the test that ran out of heap")
    void outOfMemory() {
        JsonNode max = test("ex1.3 MaxGate");
        assertThat(max.path("score").asDouble()).isZero();
        assertThat(max.path("output").asText()).contains("OutOfMemoryError");
    }

    @Test
    @DisplayName("StackOverflowError fails the tests of the overflowing method")
    void stackOverflow() {
        JsonNode order = test("ex1.5 topologicalOrder lists");
        assertThat(order.path("score").asDouble()).isZero();
        assertThat(order.path("output").asText()).contains("StackOverflowError");
    }

    @Test
    @DisplayName("megabytes of printing are capped in the report; the printing test still passes")
    void printingCapped() {
        JsonNode multiply = test("ex1.1 MultiplyGate");
        assertThat(multiply.path("score").asDouble()).isEqualTo(2);
        String output = multiply.path("output").asText();
        assertThat(output).contains("more bytes of output dropped");
        assertThat(output.length()).isLessThan(20_000);
        assertThat(results.toString().length()).isLessThan(200_000);
    }

    @Test
    @DisplayName("a file that does not compile is replaced by its stub and the report quotes the compiler")
    void compileError() {
        JsonNode replaced = results.path("extra_data").path("replaced_files");
        assertThat(replaced.fieldNames()).toIterable().containsExactly("MatMul.java");
        assertThat(replaced.path("MatMul.java").asText()).contains("did not compile", "MatMul.java:10: error:");
        assertThat(results.path("output").asText()).contains("MatMul.java: did not compile");
        assertThat(summary).contains("## Files graded with their stub", "MatMul.java");
        assertThat(test("ex2.2 MatMul").path("output").asText()).contains("TODO ex2.2");
        assertThat(test("ex2.3 Softplus backward").path("score").asDouble()).isEqualTo(2);
    }

    @Test
    @DisplayName("a file naming the engine's own implementation is flagged for the instructor, not scored")
    void engineMentions() {
        JsonNode mentions = results.path("extra_data").path("engine_mentions");
        assertThat(mentions.fieldNames()).toIterable().containsExactly("AdamOptimizer.java");
        assertThat(mentions.path("AdamOptimizer.java").toString()).contains("gradlab.optim.Adam");
        assertThat(test("ex4.2 AdamOptimizer(lr 0.05)").path("score").asDouble()).isEqualTo(3);
        assertThat(summary).contains("mentions of the engine's own implementations", "`AdamOptimizer.java`");
    }

    @Test
    @DisplayName("the grader exits 1 when it cannot grade (a corrupt zip), saying why on stderr and in results.json")
    void cannotGrade(@TempDir Path dir) throws Exception {
        Path zip = Files.writeString(dir.resolve("broken.zip"), "PK not really a zip");
        Path out = dir.resolve("out");
        int code = GraderCli.run("grade", "--submission", zip.toString(), "--tests",
                Paths.hiddenTests().toString(), "--out", out.toString());
        assertThat(code).isEqualTo(1);
        JsonNode failure = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(failure.path("score").asDouble()).isZero();
        assertThat(failure.path("output").asText()).contains("is not a readable zip");
        assertThat(GraderCli.run("grade", "--submission", zip.toString(), "--tests",
                dir.resolve("missing").toString(), "--out", out.toString())).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(out.resolve("results.json").toFile()).path("output").asText())
                .contains("hidden tests folder", "does not exist");
    }
}
