package gradlab.exercises.ex2;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.gradcheck.Input;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import java.util.stream.Stream;

/**
 * Public tests of exercise 2: your ops run through part 2's gradient checker (central differences in double
 * precision) at seeded random points, on contiguous and non-contiguous inputs, and against the engine's own ops.
 */
@Tag("ex2")
class Ex2OpsTest {

    static Stream<Arguments> broadcastCases() {
        return Stream.of(
                Arguments.of(new int[] {3, 4}, new int[] {3, 4}, 71L),
                Arguments.of(new int[] {3, 1}, new int[] {4}, 72L),
                Arguments.of(new int[] {2, 3, 4}, new int[] {3, 1}, 73L),
                Arguments.of(new int[] {}, new int[] {2, 3}, 74L));
    }

    @Test
    @Points(1)
    @DisplayName("ex2.1 BroadcastMul backward, same shapes [3, 4] * [3, 4] (seed 70)")
    void sameShape() {
        check(new int[] {3, 4}, new int[] {3, 4}, 70L, Layout.CONTIGUOUS);
    }

    @ParameterizedTest(name = "ex2.1 BroadcastMul gradcheck a {0} * b {1} (seed {2})")
    @MethodSource("broadcastCases")
    @Points(3)
    @DisplayName("ex2.1 BroadcastMul backward un-broadcasts with sumToSize")
    void broadcast(int[] a, int[] b, long seed) {
        check(a, b, seed, Layout.CONTIGUOUS);
    }

    static void check(int[] a, int[] b, long seed, Layout layout) {
        Random r = new Random(seed);
        String label = "ex2.1 BroadcastMul " + Shapes.str(a) + " * " + Shapes.str(b) + " " + layout + " (seed " + seed
                + ")";
        Expect.gradcheck(label, TensorGradCheck.of(in -> BroadcastMul.mul(in[0], in[1]), a, b).layout(layout), seed,
                Input.uniform("a", r, -1, 1, a), Input.uniform("b", r, -1, 1, b));
    }

    @ParameterizedTest(name = "ex2.2 MatMul gradcheck [3, 4] x [4, 5], {0} inputs (seed 81)")
    @EnumSource(value = Layout.class, names = {"CONTIGUOUS", "TRANSPOSED"})
    @Points(3)
    @DisplayName("ex2.2 MatMul backward: dL/dA = G B^T, dL/dB = A^T G")
    void matmul(Layout layout) {
        Random r = new Random(81);
        Expect.gradcheck("ex2.2 MatMul [3, 4] x [4, 5] " + layout + " (seed 81)",
                TensorGradCheck.of(in -> MatMul.mm(in[0], in[1]), new int[] {3, 4}, new int[] {4, 5}).layout(layout),
                81, Input.uniform("A", r, -1, 1, 3, 4), Input.uniform("B", r, -1, 1, 4, 5));
    }

    @Test
    @Points(1)
    @DisplayName("ex2.3 Softplus forward equals ln(1 + e^x), stable at x = +-1000 (seed 91)")
    void softplusValues() {
        Random r = new Random(91);
        double[] x = new double[12];
        for (int i = 0; i < 10; i++) {
            x[i] = r.nextDouble() * 20 - 10;
        }
        x[10] = 1000;
        x[11] = -1000;
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = Math.max(x[i], 0) + Math.log1p(Math.exp(-Math.abs(x[i])));
        }
        Tensor y = Softplus.softplus(Tensor.of(x));
        Expect.close("ex2.3 Softplus values (seed 91)", expected, y.toDoubleArray(), 1e-12);
    }

    @ParameterizedTest(name = "ex2.3 Softplus gradcheck on a [3, 4] {0} input (seed 92)")
    @EnumSource(value = Layout.class, names = {"CONTIGUOUS", "TRANSPOSED", "STEPPED"})
    @Points(2)
    @DisplayName("ex2.3 Softplus backward is sigmoid(x) g, on any layout")
    void softplusGradient(Layout layout) {
        Random r = new Random(92);
        Expect.gradcheck("ex2.3 Softplus [3, 4] " + layout + " (seed 92)",
                TensorGradCheck.of(in -> Softplus.softplus(in[0]), new int[] {3, 4}).layout(layout), 92,
                Input.uniform("x", r, -3, 3, 3, 4));
    }
}
