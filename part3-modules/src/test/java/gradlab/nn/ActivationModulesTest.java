package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.Input;
import gradlab.nn.functional.Activations;
import gradlab.nn.functional.GeluApproximation;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationModulesTest {

    static Stream<Arguments> cases() {
        return LongStream.range(0, 20).boxed()
                .flatMap(s -> Stream.of(Layout.values()).map(l -> Arguments.of(s, l)));
    }

    /** Values at least 0.01 from relu's kink at 0. */
    private static Input input(Random r, int... shape) {
        double[] v = new double[shape[0] * shape[1]];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextBoolean() ? 1 : -1) * (0.01 + 2.5 * r.nextDouble());
        }
        return Input.of("x", shape, v);
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("cases")
    void everyActivationModulePassesGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {1 + r.nextInt(3), 1 + r.nextInt(4)};
        List<Module> modules = List.of(new ReLU(), new LeakyReLU(0.2), new Sigmoid(), new Tanh(), new GELU(),
                new GELU(GeluApproximation.TANH), new Softmax(1), new LogSoftmax(-1), new Softmax(0));
        for (Module m : modules) {
            ModuleChecks.gradcheck(seed, layout, m, input(r, s));
        }
    }

    @Test
    void modulesComputeTheirFunction() {
        Tensor x = Tensor.of(new double[][] {{-1.5, 0.3, 2.0}, {0.7, -0.2, -3.0}});
        assertThat(new ReLU().forward(x).toDoubleArray()).containsExactly(Activations.relu(x).toDoubleArray());
        assertThat(new LeakyReLU().forward(x).get(0, 0)).isEqualTo(-0.015);   // default slope 0.01
        assertThat(new Sigmoid().forward(x).toDoubleArray()).containsExactly(x.sigmoid().toDoubleArray());
        assertThat(new Tanh().forward(x).toDoubleArray()).containsExactly(x.tanh().toDoubleArray());
        assertThat(new GELU().forward(x).toDoubleArray()).containsExactly(Activations.gelu(x).toDoubleArray());
        assertThat(new Softmax(1).forward(x).sum(1).toDoubleArray()).containsExactly(
                new double[] {1, 1}, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(new LogSoftmax(1).forward(x).toDoubleArray()).containsExactly(x.logSoftmax(1).toDoubleArray());
    }

    @Test
    void activationsHaveNoParametersAndPrintTheirSettings() {
        Sequential net = new Sequential(new ReLU(), new LeakyReLU(0.2), new GELU(GeluApproximation.TANH),
                new Softmax(-1));
        assertThat(net.parameters()).isEmpty();
        assertThat(net.stateDict()).isEmpty();
        assertThat(net.toString()).contains("(0): ReLU()", "(1): LeakyReLU(negativeSlope=0.2)",
                "(2): GELU(approximate=tanh)", "(3): Softmax(dim=-1)");
        assertThatThrownBy(() -> new LeakyReLU(Double.NaN)).hasMessageContaining("got NaN");
    }
}
