package gradlab.exercises.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The scoring rule and the score table, on a small graded class run in-process: a method earns its points only if
 * it and every invocation it generates pass; methods without {@link Points} count for nothing; points are summed
 * per exercise tag and failures are listed with their first line.
 */
class ScoreTableListenerTest {

    /** A graded class with passing and failing units (run only by this test: Surefire skips nested classes). */
    @Tag("ex7")
    static class Sample {
        @Test
        @Points(2)
        @DisplayName("ex7.1 passes")
        void passes() {
        }

        @Test
        @Points(3)
        @DisplayName("ex7.2 fails (seed 5)")
        void fails() {
            throw new AssertionError("ex7.2 check (seed 5): got 1, expected 2");
        }

        @ParameterizedTest(name = "ex7.3 case {0}")
        @ValueSource(ints = {1, 2, 3})
        @Points(4)
        @DisplayName("ex7.3 all cases must pass")
        void oneCaseFails(int k) {
            if (k == 2) {
                throw new IllegalStateException("case 2 broke");
            }
        }

        @Test
        @DisplayName("ungraded")
        void ungraded() {
        }
    }

    @Test
    @DisplayName("2 of 9 points for ex7: a failing test and a parameterised test with one failing case earn nothing")
    void table() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ScoreTableListener listener = new ScoreTableListener(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(Sample.class))
                .build();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
                .execute(request, listener);
        String table = bytes.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("==== GradLab workbook score ====");
        assertThat(table).containsPattern("ex7\\s+2\\s+9\\s+2");
        assertThat(table).containsPattern("total\\s+2\\s+9");
        assertThat(table).contains("ex7.2 fails (seed 5) (0/3)", "ex7.2 check (seed 5): got 1, expected 2");
        assertThat(table).contains("ex7.3 all cases must pass (0/4)",
                "FAILED ex7.3 case 2: java.lang.IllegalStateException: case 2 broke");
        assertThat(table).doesNotContain("ungraded", "ex7.1 passes (");
    }
}
