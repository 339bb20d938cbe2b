package gradlab.scalar.value;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.Input;
import gradlab.scalar.check.ValueFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Value operation, and compositions of them, agree with central differences at seeded random points.
 * Each case is named "tanh case 3 (seed 52170)" in the console, the XML report and its failure's first line.
 */
class ValueGradCheckTest {
    private static final int CASES_PER_OP = 20;

    /** An expression of Values and the range its inputs are drawn from. */
    record Case(String name, int arity, double low, double high, Function<Value[], Value> expression) {
    }

    static List<Case> cases() {
        return List.of(
                new Case("add", 2, -3, 3, v -> v[0].add(v[1])),
                new Case("add(double)", 1, -3, 3, v -> v[0].add(2.5)),
                new Case("sub", 2, -3, 3, v -> v[0].sub(v[1])),
                new Case("sub(double)", 1, -3, 3, v -> v[0].sub(2.5)),
                new Case("mul", 2, -3, 3, v -> v[0].mul(v[1])),
                new Case("mul(double)", 1, -3, 3, v -> v[0].mul(-1.5)),
                new Case("div", 2, 0.3, 3, v -> v[0].div(v[1])),
                new Case("div(double)", 1, -3, 3, v -> v[0].div(4)),
                new Case("pow(3)", 1, -2, 2, v -> v[0].pow(3)),
                new Case("pow(-2)", 1, 0.3, 2, v -> v[0].pow(-2)),
                new Case("pow(0.5)", 1, 0.2, 4, v -> v[0].pow(0.5)),
                new Case("neg", 1, -3, 3, v -> v[0].neg()),
                new Case("exp", 1, -3, 3, v -> v[0].exp()),
                new Case("log", 1, 0.1, 5, v -> v[0].log()),
                new Case("tanh", 1, -3, 3, v -> v[0].tanh()),
                new Case("sigmoid", 1, -5, 5, v -> v[0].sigmoid()),
                new Case("relu", 1, -3, 3, v -> v[0].relu()),
                new Case("x*x + x (fan-out)", 1, -3, 3, v -> v[0].mul(v[0]).add(v[0])),
                new Case("tanh(x y + exp(y)) / (1 + x^2)", 2, -2, 2,
                        v -> v[0].mul(v[1]).add(v[1].exp()).tanh().div(v[0].pow(2).add(1))),
                new Case("sigmoid neuron", 5, -2, 2,
                        v -> v[0].mul(v[1]).add(v[2].mul(v[3])).add(v[4]).sigmoid()));
    }

    @TestFactory
    @DisplayName("every operation passes gradcheck at random points")
    Stream<DynamicTest> everyOperationPassesGradcheckAtRandomPoints() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (int n = 0; n < CASES_PER_OP; n++) {
                long seed = Math.floorMod(c.name().hashCode() * 31L + n * 7919L, 100_000L);
                String name = c.name() + " case " + n + " (seed " + seed + ")";
                tests.add(DynamicTest.dynamicTest(name, () -> runCase(c, seed, name)));
            }
        }
        return tests.stream();
    }

    /** One case: the expression at a random point drawn from {@code seed}; the report's first line is its name. */
    static void runCase(Case c, long seed, String name) {
        Random random = new Random(seed);
        Input[] inputs = new Input[c.arity()];
        for (int i = 0; i < inputs.length; i++) {
            double x;
            do {   // relu's kink is at 0: stay 0.01 away so the central difference does not straddle it
                x = c.low() + (c.high() - c.low()) * random.nextDouble();
            } while (c.name().equals("relu") && Math.abs(x) < 0.01);
            inputs[i] = Input.scalar("x" + i, x);
        }
        GradCheck.assertCorrect(new ValueFunction(c.expression()), GradCheckOptions.defaults().seed(seed).label(name),
                inputs);
    }
}
