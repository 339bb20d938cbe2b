package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The code of part2-tensor-autograd/README.md, as written there, with the results it states. */
class ReadmeExamplesTest {

    @Test
    void theTape() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true);
        Tensor y = x.add(2);                 // y.gradFn().name() = "AddBackward"
        Tensor z = y.mul(y).mul(3);
        Tensor out = z.mean();               // 27
        out.backward();                      // d out / dx = 6 (x + 2) / 4 = 4.5 everywhere
        double[] g = x.grad().toDoubleArray();   // [4.5, 4.5, 4.5, 4.5]

        assertThat(y.gradFn().name()).isEqualTo("AddBackward");
        assertThat(out.item()).isEqualTo(27);
        assertThat(g).containsExactly(4.5, 4.5, 4.5, 4.5);
    }

    @Test
    void broadcastingGradient() {
        Tensor a = Tensor.ones(4, 3).requiresGrad(true);
        Tensor b = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        a.add(b).sum().backward();
        int[] shape = b.grad().shape();      // [3]
        double[] gb = b.grad().toDoubleArray();  // [4, 4, 4]: each element of b was used by 4 rows

        assertThat(shape).containsExactly(3);
        assertThat(gb).containsExactly(4, 4, 4);
    }

    @Test
    void gradcheckByHand() {
        TensorGradCheck f = TensorGradCheck.of(in -> in[0].mul(in[1]).sum(), new int[] {2, 3}, new int[] {3});
        GradCheck.assertCorrect(f, Input.uniform("a", new Random(1), -1, 1, 2, 3),
                                   Input.uniform("b", new Random(2), -1, 1, 3));
    }
}
