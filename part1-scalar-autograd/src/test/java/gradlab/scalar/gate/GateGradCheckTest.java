package gradlab.scalar.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.Input;
import gradlab.scalar.check.GateFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every gate's backward agrees with central differences, at seeded random points away from its kinks and outside
 * its undefined points. Each case is named "TanhGate case 17 (seed 86989)" in the console, in surefire's XML and in
 * the first line of its failure; {@link #runCase} with that seed replays it.
 */
class GateGradCheckTest {
    private static final int CASES_PER_GATE = 20;

    /** A gate and the range its inputs are drawn from. */
    record Case(String name, Supplier<Gate> gate, double low, double high) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("MultiplyGate", MultiplyGate::new, -3, 3),
                new Case("AddGate", AddGate::new, -3, 3),
                new Case("MaxGate", MaxGate::new, -3, 3),
                new Case("ExpGate", ExpGate::new, -3, 3),
                new Case("LogGate", LogGate::new, 0.1, 5),
                new Case("InverseGate", InverseGate::new, 0.2, 5),
                new Case("PowGate(3)", () -> new PowGate(3), -2, 2),
                new Case("PowGate(-1.5)", () -> new PowGate(-1.5), 0.2, 3),
                new Case("SigmoidGate", SigmoidGate::new, -5, 5),
                new Case("TanhGate", TanhGate::new, -3, 3),
                new Case("ReluGate", ReluGate::new, -3, 3));
    }

    @TestFactory
    @DisplayName("every gate passes gradcheck at random points")
    Stream<DynamicTest> everyGatePassesGradcheckAtRandomPoints() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (int n = 0; n < CASES_PER_GATE; n++) {
                long seed = seedOf(c.name(), n);
                String name = c.name() + " case " + n + " (seed " + seed + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> runCase(c, seed, name)));
            }
        }
        return tests.stream();
    }

    /**
     * One case: the gate at a random point drawn from {@code seed}. The report's first line starts with the case's
     * name, so a failure says which gate and seed in the console's summary as well as in the XML report.
     */
    static void runCase(Case c, long seed, String name) {
        Gate gate = c.gate().get();
        Random random = new Random(seed);
        double[] point = randomPointAwayFromKinks(c, gate.arity(), random);
        Input[] inputs = new Input[point.length];
        for (int i = 0; i < point.length; i++) {
            inputs[i] = Input.scalar(i == 0 ? "x" : "y", point[i]);
        }
        GradCheck.assertCorrect(new GateFunction(gate), GradCheckOptions.defaults().seed(seed).label(name), inputs);
    }

    /** A seed of 5 digits for case n of a gate, fixed by the gate's name and n, so a case replays by its name. */
    static long seedOf(String gate, int n) {
        return Math.floorMod(gate.hashCode() * 31L + n * 7919L, 100_000L);
    }

    @Test
    void aBrokenGateFailsWithItsNameCaseAndSeedInTheFirstLine() {
        // TanhGate with the slip dz/dx = 1 - z (instead of 1 - z^2): one scalar, so no pattern may be claimed
        Case broken = new Case("TanhGate", () -> new UnaryGate() {
            @Override
            protected double compute(double x) {
                return Math.tanh(x);
            }

            @Override
            protected double gradient(double x, double z, double dz) {
                return (1 - z) * dz;
            }
        }, 0.2, 3);
        long seed = seedOf("TanhGate", 17);
        assertThat(seed).as("the case part 1's README quotes").isEqualTo(86989);
        String name = "TanhGate case 17 (seed " + seed + ")";
        assertThatThrownBy(() -> runCase(broken, seed, name))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(name + ": gradcheck FAILED: ")
                .hasMessageContaining("one element cannot show a pattern")
                .hasMessageNotContaining("a constant factor is wrong");
    }

    /**
     * Uniform in the case's range, redrawn while it is within 0.01 of a kink (relu at 0, max at x = y) so that the
     * central difference (step 1e-6) never straddles one.
     */
    private static double[] randomPointAwayFromKinks(Case c, int arity, Random random) {
        double[] x = new double[arity];
        do {
            for (int i = 0; i < arity; i++) {
                x[i] = c.low() + (c.high() - c.low()) * random.nextDouble();
            }
        } while (c.name().equals("ReluGate") && Math.abs(x[0]) < 0.01
                || c.name().equals("MaxGate") && Math.abs(x[0] - x[1]) < 0.01);
        return x;
    }
}
