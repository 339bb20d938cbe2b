package gradlab.gradcheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * gradcheck's reason to exist: every classic backward bug fails, in every mode, at many seeded random points; and
 * in full mode the report names the pattern.
 */
class GradCheckCatchesBugsTest {
    private static final int SEEDS = 8;

    record Bug(String name, Differentiable op, List<InputSpec> inputs, String fullModeHint) {
    }

    record InputSpec(String name, double low, double high, int... shape) {
        Input draw(Random random) {
            return Input.uniform(name, random, low, high, shape);
        }
    }

    static List<Bug> bugs() {
        return List.of(
                new Bug("backward off by 1%", BuggyOps.matMulOffByOnePercent(3),
                        List.of(new InputSpec("A", -1, 1, 2, 3), new InputSpec("B", -1, 1, 3, 4)),
                        "a constant factor is wrong"),
                new Bug("transposed gradient", BuggyOps.matMulTransposedWeightGradient(2, 3, 4),
                        List.of(new InputSpec("X", -1, 1, 2, 3), new InputSpec("W", -1, 1, 3, 4)),
                        "looks transposed"),
                new Bug("missing product-rule term", BuggyOps.productRuleMissingTerm(),
                        List.of(new InputSpec("x", 0.5, 1.5, 5)),
                        "a term of the derivative is probably missing"),
                new Bug("gradient for the wrong input", BuggyOps.gradientsSwapped(),
                        List.of(new InputSpec("x", 0.5, 1.5, 4), new InputSpec("y", 0.5, 1.5, 4)),
                        "swapped or computed for the wrong input"),
                new Bug("ignores gradOutput", BuggyOps.ignoresGradOutput(),
                        List.of(new InputSpec("x", -1, 1, 3)),
                        "must be linear in gradOutput"));
    }

    static List<GradCheckOptions> modes(long seed) {
        GradCheckOptions base = GradCheckOptions.defaults().seed(seed);
        return List.of(base.full(), base.sparse(4), base.fast());
    }

    @TestFactory
    Stream<DynamicTest> everyBugFailsInEveryModeAtEverySeed() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Bug bug : bugs()) {
            for (long seed = 0; seed < SEEDS; seed++) {
                for (GradCheckOptions options : modes(seed)) {
                    long s = seed;
                    tests.add(DynamicTest.dynamicTest(bug.name() + ", " + options, () -> {
                        Random random = new Random(s);
                        Input[] inputs = bug.inputs().stream().map(spec -> spec.draw(random)).toArray(Input[]::new);
                        GradCheckResult result = GradCheck.check(bug.op(), options, inputs);
                        assertThat(result.passed()).as("seed %d: %s must fail%n%s", s, bug.name(), result.report())
                                .isFalse();
                        assertThat(result.report()).startsWith("gradcheck FAILED");
                    }));
                }
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> fullModeNamesTheBug() {
        return bugs().stream().map(bug -> DynamicTest.dynamicTest(bug.name(), () -> {
            Random random = new Random(42);
            Input[] inputs = bug.inputs().stream().map(spec -> spec.draw(random)).toArray(Input[]::new);
            GradCheckResult result = GradCheck.check(bug.op(), inputs);
            assertThat(result.passed()).isFalse();
            assertThat(result.report()).as(result.report()).contains(bug.fullModeHint());
        }));
    }
}
