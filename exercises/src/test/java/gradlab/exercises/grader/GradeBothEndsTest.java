package gradlab.exercises.grader;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import gradlab.exercises.grading.GradedUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbook's two ends, through the grader itself (compiled in-process, run in a separate JVM): the untouched
 * stubs score 0 on the public tests and on the example hidden suite, and the instructor's solutions score full
 * marks on both. This is how the default build stays green while the stubs fail their tests.
 */
class GradeBothEndsTest {
    private static Grader publicSuite;
    private static Grader hiddenSuite;

    @BeforeAll
    static void compileSuites() throws Exception {
        publicSuite = new Grader(Paths.publicTests(), Grader.Options.defaults());
        hiddenSuite = new Grader(Paths.hiddenTests(), Grader.Options.defaults());
    }

    @AfterAll
    static void cleanUp() {
        publicSuite.close();
        hiddenSuite.close();
    }

    @Test
    @DisplayName("the stubs score 0 of 50 on the public tests, every test failing with its TODO")
    void stubsPublic(@TempDir Path out) throws Exception {
        GradeReport r = publicSuite.grade(Paths.stubs(), out);
        assertThat(r.maxScore()).isEqualTo(50);
        assertThat(r.score()).isZero();
        assertThat(r.units()).hasSize(31).allSatisfy(u -> assertThat(u.output()).contains("TODO ex"));
        assertThat(r.replaced()).isEmpty();
    }

    @Test
    @DisplayName("the stubs score 0 on the example hidden suite")
    void stubsHidden(@TempDir Path out) throws Exception {
        GradeReport r = hiddenSuite.grade(Paths.stubs(), out);
        assertThat(r.maxScore()).isEqualTo(24);
        assertThat(r.score()).isZero();
    }

    @Test
    @DisplayName("the solutions score 50 of 50 on the public tests; results.json and summary.md say so")
    void solutionsPublic(@TempDir Path out) throws Exception {
        GradeReport r = publicSuite.grade(Paths.solutions(), out);
        assertThat(r.units()).allSatisfy(u -> assertThat(u.passed()).as(u.name() + ": " + u.output()).isTrue());
        assertThat(r.score()).isEqualTo(50);
        assertThat(r.engineMentions()).isEmpty();

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.path("score").asDouble()).isEqualTo(50);
        assertThat(json.path("max_score").asDouble()).isEqualTo(50);
        assertThat(json.path("tests")).hasSize(31);
        JsonNode first = json.path("tests").get(0);
        for (String field : List.of("name", "number", "score", "max_score", "output", "visibility", "tags")) {
            assertThat(first.has(field)).as("tests[0] has " + field).isTrue();
        }
        assertThat(json.path("extra_data").path("test_suite_sha256").asText()).isEqualTo(publicSuite.suiteHash());
        assertThat(json.path("extra_data").path("engine_version").asText()).startsWith("GradLab 0.");
        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(summary).contains("**Score: 50 / 50**", "| ex1 | 14 | 14 |", "| ex4 | 8 | 8 |", "| ex5 | 8 | 8 |",
                publicSuite.suiteHash());
    }

    @Test
    @DisplayName("the solutions score full marks on the example hidden suite, and re-grading gives the same report")
    void solutionsHiddenTwice(@TempDir Path out) throws Exception {
        GradeReport first = hiddenSuite.grade(Paths.solutions(), out.resolve("1"));
        GradeReport second = hiddenSuite.grade(Paths.solutions(), out.resolve("2"));
        assertThat(first.units()).allSatisfy(u -> assertThat(u.passed()).as(u.name() + ": " + u.output()).isTrue());
        assertThat(first.score()).isEqualTo(24);
        assertThat(second.units().stream().map(GradedUnit::toString).toList())
                .isEqualTo(first.units().stream().map(GradedUnit::toString).toList());
        assertThat(second.submissionHash()).isEqualTo(first.submissionHash());
    }
}
