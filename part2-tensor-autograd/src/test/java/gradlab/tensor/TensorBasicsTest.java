package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Creation, printing, views sharing storage and dtype conversion (issue 3's "Tensors" section). Printed forms are
 * PyTorch's (torch 1.13, default dtype float64), in Java style: requiresGrad=true, gradFn=&lt;MulBackward&gt;.
 */
class TensorBasicsTest {

    @Test
    void creationGivesTheValuesAndShapesAsked() {
        assertThat(Tensor.zeros(2, 3).toDoubleArray()).containsOnly(0).hasSize(6);
        assertThat(Tensor.ones(2).toDoubleArray()).containsExactly(1, 1);
        assertThat(Tensor.full(7.5, 2, 2).toDoubleArray()).containsExactly(7.5, 7.5, 7.5, 7.5);
        assertThat(Tensor.arange(4).toDoubleArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.arange(0, 1, 0.25).toDoubleArray()).containsExactly(0, 0.25, 0.5, 0.75);
        assertThat(Tensor.eye(3).toDoubleArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThat(Tensor.scalar(3).shape()).isEmpty();
        assertThat(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}}).shape()).containsExactly(2, 3);
        assertThat(Tensor.zeros(DType.FLOAT32, 2).dtype()).isEqualTo(DType.FLOAT32);
    }

    @Test
    void seededRandomTensorsRepeatAndHaveTheRightDistribution() {
        assertThat(Tensor.rand(new Generator(42), 5).toDoubleArray()).containsExactly(Tensor.rand(new Generator(42), 5).toDoubleArray());
        assertThat(Tensor.rand(new Generator(42), 5).toDoubleArray()).isNotEqualTo(Tensor.rand(new Generator(43), 5).toDoubleArray());
        Tensor u = Tensor.rand(new Generator(1), 10_000);
        assertThat(u.min().item()).isGreaterThanOrEqualTo(0);
        assertThat(u.max().item()).isLessThan(1);
        assertThat(u.mean().item()).isCloseTo(0.5, within(0.02));
        Tensor n = Tensor.randn(new Generator(2), 10_000);
        assertThat(n.mean().item()).isCloseTo(0, within(0.05));
        assertThat(n.var().item()).isCloseTo(1, within(0.05));
    }

    @Test
    void printsLikePyTorch() {
        assertThat(Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad(true)).hasToString(
                "tensor([[1., 2.],\n        [3., 4.]], requiresGrad=true)");
        assertThat(Tensor.of(1.5, -2.25, 3)).hasToString("tensor([ 1.5000, -2.2500,  3.0000])");
        assertThat(Tensor.scalar(3)).hasToString("tensor(3.)");
        assertThat(Tensor.arange(0, 1, 0.25)).hasToString("tensor([0.0000, 0.2500, 0.5000, 0.7500])");
        assertThat(Tensor.eye(2)).hasToString("tensor([[1., 0.],\n        [0., 1.]])");
        assertThat(Tensor.of(1e-5, 1e5)).hasToString("tensor([1.0000e-05, 1.0000e+05])");
        assertThat(Tensor.of(1, 2).to(DType.FLOAT32)).hasToString("tensor([1., 2.], dtype=float32)");
        assertThat(Tensor.of(1, 2).requiresGrad(true).mul(2)).hasToString("tensor([2., 4.], gradFn=<MulBackward>)");
        assertThat(Tensor.zeros(0, 3)).hasToString("tensor([], size=[0, 3])");
    }

    @Test
    void viewsShareStorageAndContiguousCopiesOnlyWhenNeeded() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        for (Tensor v : new Tensor[] {x.view(3, 2), x.t(), x.transpose(0, 1), x.permute(1, 0), x.narrow(1, 1, 2),
                x.slice(1, 0, 3, 2), x.select(0, 1), x.unsqueeze(0), x.unsqueeze(0).squeeze(), x.flatten(),
                x.select(0, 0).unsqueeze(1).expand(3, 4)}) {
            assertThat(v.sharesStorageWith(x)).as("view %s", v).isTrue();
        }
        assertThat(x.contiguous()).isSameAs(x);
        Tensor t = x.t();
        assertThat(t.isContiguous()).isFalse();
        Tensor copy = t.contiguous();
        assertThat(copy.sharesStorageWith(x)).isFalse();
        assertThat(copy.toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        // a view that the layout cannot express copies under reshape, and view says why it cannot
        assertThat(t.reshape(6).toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(t.reshape(6).sharesStorageWith(x)).isFalse();
        // writing through a view is seen by the base
        try (var g = Tensor.noGrad()) {
            x.narrow(1, 1, 1).fill(-1);
        }
        assertThat(x.toDoubleArray()).containsExactly(0, -1, 2, 3, -1, 5);
    }

    @Test
    void dtypeConversionIsExplicitAndMixedOperandsPromoteToFloat64() {
        Tensor f = Tensor.of(0.1, 0.2).to(DType.FLOAT32);
        assertThat(f.dtype()).isEqualTo(DType.FLOAT32);
        assertThat(f.toDoubleArray()).containsExactly((double) 0.1f, (double) 0.2f);
        assertThat(f.to(DType.FLOAT64).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(f.add(Tensor.of(1, 1)).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(f.add(Tensor.ones(DType.FLOAT32, 2)).dtype()).isEqualTo(DType.FLOAT32);
    }
}
