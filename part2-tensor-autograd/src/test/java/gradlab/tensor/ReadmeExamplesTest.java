package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.tensor.check.TensorGradCheck;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.ReferenceDevice;
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
    void aTensorIsAView() {
        Tensor x = Tensor.arange(6).reshape(2, 3);   // storage [0, 1, 2, 3, 4, 5]
        assertThat(x.strides()).containsExactly(3, 1);
        assertThat(x.offset()).isZero();
        assertThat(x.get(1, 2)).isEqualTo(5);
        assertThat(x.t().strides()).containsExactly(1, 3);
        assertThat(x.t().get(2, 1)).isEqualTo(5);
        assertThat(x.t().sharesStorageWith(x)).isTrue();
        Tensor row = x.select(0, 1);
        assertThat(row.offset()).isEqualTo(3);
        assertThat(row.shape()).containsExactly(3);
        assertThat(row.strides()).containsExactly(1);
        Tensor everySecond = x.slice(1, 0, 3, 2);
        assertThat(everySecond.strides()).containsExactly(3, 2);
        assertThat(everySecond.shape()).containsExactly(2, 2);
        assertThat(everySecond.toDoubleArray()).containsExactly(0, 2, 3, 5);
        Tensor repeated = Tensor.of(1, 2, 3).expand(4, 3);
        assertThat(repeated.strides()).containsExactly(0, 1);
    }

    @Test
    void theBroadcastingRule() {
        assertThat(Tensor.zeros(8, 1, 6).add(Tensor.zeros(7, 1)).shape()).containsExactly(8, 7, 6);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
                .hasMessage("add: shapes [2, 3] and [4] cannot be broadcast together: size 3 != 4 at dim -1 (counting"
                        + " from the right); each dim must match or be 1");
    }

    @Test
    void devicesAndDTypes() {
        Tensor x = Tensor.randn(3, 4);                          // float64 on the CPU; Tensor.manualSeed(s) reseeds it
        Tensor y = x.to(ReferenceDevice.INSTANCE);              // a copy on another device (differentiable)
        Tensor z = Tensor.on(ReferenceDevice.INSTANCE, DType.FLOAT32).ones(2, 2);   // explicit device and dtype
        Tensor w;
        try (var s = Tensor.usingDType(DType.FLOAT32)) {        // a block where float32 is the default:
            w = Tensor.zeros(2);                                // float32
        }
        assertThat(x.shape()).containsExactly(3, 4);
        assertThat(x.dtype()).isEqualTo(DType.FLOAT64);
        assertThat(x.device()).isSameAs(CpuDevice.INSTANCE);
        assertThat(y.device().name()).isEqualTo("reference");
        assertThat(y.toDoubleArray()).containsExactly(x.toDoubleArray());
        assertThat(z.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(w.dtype()).isEqualTo(DType.FLOAT32);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> x.add(y))
                .hasMessage("Add: expected all tensors on the same device, but found cpu and reference; move one with"
                        + " .to(device), e.g. x.to(y.device())");
    }

    @Test
    void gradcheckByHand() {
        TensorGradCheck f = TensorGradCheck.of(in -> in[0].mul(in[1]).sum(), new int[] {2, 3}, new int[] {3});
        GradCheck.assertCorrect(f, Input.uniform("a", new Random(1), -1, 1, 2, 3),
                                   Input.uniform("b", new Random(2), -1, 1, 3));
    }
}
