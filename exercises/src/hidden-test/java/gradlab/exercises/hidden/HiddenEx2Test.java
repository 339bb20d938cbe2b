package gradlab.exercises.hidden;

import gradlab.exercises.ex2.BroadcastMul;
import gradlab.exercises.ex2.MatMul;
import gradlab.exercises.ex2.Softplus;
import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.gradcheck.Input;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Example hidden tests for exercise 2: other shapes and layouts, the engine's ops as reference, gradgradcheck. */
@Tag("ex2")
class HiddenEx2Test {

    @ParameterizedTest(name = "ex2.1 BroadcastMul [4, 1, 3] * [2, 1] on {0} inputs vs the engine's mul (seed 3001)")
    @EnumSource(value = Layout.class, names = {"CONTIGUOUS", "STEPPED", "NARROWED"})
    @Points(2)
    @DisplayName("ex2.1 BroadcastMul gradients equal the engine's on 3-d broadcasts and strided inputs")
    void broadcastAgainstEngine(Layout layout) {
        Random r = new Random(3001);
        int[] sa = {4, 1, 3};
        int[] sb = {2, 1};
        double[][] values = {Tensor.randn(r, sa).toDoubleArray(), Tensor.randn(r, sb).toDoubleArray()};
        TensorGradCheck mine = TensorGradCheck.of(in -> BroadcastMul.mul(in[0], in[1]), sa, sb).layout(layout);
        TensorGradCheck engine = TensorGradCheck.of(in -> in[0].mul(in[1]), sa, sb).layout(layout);
        double[] g = Tensor.randn(r, 4, 2, 3).toDoubleArray();
        double[][] expected = engine.backward(values, g);
        double[][] got = mine.backward(values, g);
        Expect.close("ex2.1 dL/da " + layout + " (seed 3001)", expected[0], got[0], 1e-12);
        Expect.close("ex2.1 dL/db " + layout + " (seed 3001)", expected[1], got[1], 1e-12);
    }

    @Test
    @Points(2)
    @DisplayName("ex2.2 MatMul [1, 6] x [6, 2] and [5, 1] x [1, 4] gradcheck (seed 3002)")
    void matmulThinShapes() {
        Random r = new Random(3002);
        Expect.gradcheck("ex2.2 MatMul [1, 6] x [6, 2] (seed 3002)",
                TensorGradCheck.of(in -> MatMul.mm(in[0], in[1]), new int[] {1, 6}, new int[] {6, 2}), 3002,
                Input.uniform("A", r, -1, 1, 1, 6), Input.uniform("B", r, -1, 1, 6, 2));
        Expect.gradcheck("ex2.2 MatMul [5, 1] x [1, 4] PERMUTED (seed 3002)",
                TensorGradCheck.of(in -> MatMul.mm(in[0], in[1]), new int[] {5, 1}, new int[] {1, 4})
                        .layout(Layout.PERMUTED), 3002,
                Input.uniform("A", r, -1, 1, 5, 1), Input.uniform("B", r, -1, 1, 1, 4));
    }

    @Test
    @Points(2)
    @DisplayName("ex2.3 Softplus gradgradcheck: backward written with tensor ops (seed 3003)")
    void softplusSecondOrder() {
        Random r = new Random(3003);
        Expect.gradgradcheck("ex2.3 Softplus gradgradcheck [2, 3] (seed 3003)",
                TensorGradCheck.of(in -> Softplus.softplus(in[0]), new int[] {2, 3}), 3003,
                Input.uniform("x", r, -3, 3, 2, 3));
    }
}
