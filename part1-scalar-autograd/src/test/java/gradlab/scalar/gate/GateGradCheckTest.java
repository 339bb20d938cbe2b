package gradlab.scalar.gate;

import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every gate's backward agrees with central differences, at seeded random points away from its kinks and outside
 * its undefined points. A failure names the gate and the seed; rerun with that seed to replay it.
 */
class GateGradCheckTest {
    private static final int SEEDS = 20;

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

    /**
     * A gate as a function of its inputs. The gate caches its inputs, so backward first runs forward at the point
     * it is asked about, then asks the gate for its gradients times the upstream gradient.
     */
    static Differentiable asDifferentiable(Gate gate) {
        return Differentiable.of(
                in -> new double[] {gate.forward(scalars(in))},
                (in, g) -> {
                    gate.forward(scalars(in));
                    double[] local = gate.backward(g[0]);
                    double[][] grads = new double[local.length][];
                    for (int i = 0; i < local.length; i++) {
                        grads[i] = new double[] {local[i]};
                    }
                    return grads;
                });
    }

    private static double[] scalars(double[][] in) {
        double[] x = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            x[i] = in[i][0];
        }
        return x;
    }

    @TestFactory
    Stream<DynamicTest> everyGatePassesGradcheckAtRandomPoints() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            for (long seed = 0; seed < SEEDS; seed++) {
                long s = seed;
                tests.add(DynamicTest.dynamicTest(c.name() + " seed " + s, () -> {
                    Gate gate = c.gate().get();
                    Random random = new Random(s);
                    double[] point = randomPointAwayFromKinks(c, gate.arity(), random);
                    Input[] inputs = new Input[point.length];
                    for (int i = 0; i < point.length; i++) {
                        inputs[i] = Input.scalar(i == 0 ? "x" : "y", point[i]);
                    }
                    GradCheck.assertCorrect(asDifferentiable(gate), GradCheckOptions.defaults().seed(s), inputs);
                }));
            }
        }
        return tests.stream();
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
