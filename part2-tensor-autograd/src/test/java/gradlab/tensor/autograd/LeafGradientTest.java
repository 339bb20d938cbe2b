package gradlab.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A leaf's first gradient is taken without a copy only when nothing else can see it (Engine's "steal"): every test
 * here writes into one tensor in place afterwards and checks that no other tensor changed, and that the gradients
 * hold the right values, for float32 and float64.
 */
class LeafGradientTest {

    @ParameterizedTest(name = "a linear layer's grads are right and their own storage ({0})")
    @EnumSource(DType.class)
    void aFreshGradientIsTakenAndIsRight(DType dtype) {
        Generator g = new Generator(71);
        Tensor x = Tensor.on(dtype).randn(g, 5, 4);
        Tensor w = Tensor.on(dtype).randn(g, 3, 4).requiresGrad(true);
        Tensor b = Tensor.on(dtype).randn(g, 3).requiresGrad(true);
        x.mm(w.t()).add(b).sum().backward();
        // d/dw sum(x w^T + b) = ones[5,3]^T x: each row of w.grad is the column sums of x; d/db = 5 per element
        double[] xs = x.toDoubleArray();
        double[] expected = new double[12];
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 5; i++) {
                for (int p = 0; p < 4; p++) {
                    expected[j * 4 + p] += xs[i * 4 + p];
                }
            }
        }
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-12;
        double[] got = w.grad().toDoubleArray();
        for (int i = 0; i < 12; i++) {
            assertThat(got[i]).as("w.grad element %d", i).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(tol));
        }
        assertThat(b.grad().toDoubleArray()).containsExactly(5, 5, 5);
        assertThat(w.grad().sharesStorageWith(b.grad())).isFalse();
        assertThat(w.grad().sharesStorageWith(w)).isFalse();
        assertThat(w.grad().isContiguous()).isTrue();
    }

    @ParameterizedTest(name = "two leaves given one gradient tensor get a storage each ({0})")
    @EnumSource(DType.class)
    void twoLeavesNeverShareAGradient(DType dtype) {
        // Add's backward hands its upstream gradient to both inputs: the same tensor
        Tensor a = Tensor.on(dtype).of(1, 2, 3).requiresGrad(true);
        Tensor b = Tensor.on(dtype).of(4, 5, 6).requiresGrad(true);
        a.add(b).mul(2).sum().backward();
        assertThat(a.grad().sharesStorageWith(b.grad())).isFalse();
        try (var off = Tensor.noGrad()) {
            a.grad().mulInPlace(10);
        }
        assertThat(a.grad().toDoubleArray()).containsExactly(20, 20, 20);
        assertThat(b.grad().toDoubleArray()).containsExactly(2, 2, 2);
    }

    @ParameterizedTest(name = "the caller's seed is copied, never taken ({0})")
    @EnumSource(DType.class)
    void theSeedIsNeverTaken(DType dtype) {
        Tensor x = Tensor.on(dtype).of(1, 2).requiresGrad(true);
        Tensor seed = Tensor.on(dtype).of(3, 4);
        x.add(1).backward(seed);   // Add passes the seed itself back to x
        assertThat(x.grad().sharesStorageWith(seed)).isFalse();
        seed.fill(0);
        assertThat(x.grad().toDoubleArray()).containsExactly(3, 4);
        Tensor leafSeed = Tensor.on(dtype).of(7, 8);
        x.zeroGrad();
        x.backward(leafSeed);      // a leaf's own backward: the seed goes straight to its grad
        leafSeed.fill(0);
        assertThat(x.grad().toDoubleArray()).containsExactly(7, 8);
    }

    @ParameterizedTest(name = "a saved forward tensor handed back as a gradient is copied ({0})")
    @EnumSource(DType.class)
    void aGradientMadeBeforeBackwardIsCopied(DType dtype) {
        Tensor x = Tensor.on(dtype).of(1, 2).requiresGrad(true);
        Tensor c = Tensor.on(dtype).of(5, 6);
        // d/dx sum(x * c) = c: Mul's backward computes g * c, a new tensor; a view's backward returns its input's
        // gradient reshaped: neither may alias c, and writing into x.grad leaves c alone
        x.mul(c).reshape(2, 1).sum().backward();
        try (var off = Tensor.noGrad()) {
            x.grad().mulInPlace(0);
        }
        assertThat(c.toDoubleArray()).containsExactly(5, 6);
    }

    @ParameterizedTest(name = "accumulating over two backward passes adds, never aliases ({0})")
    @EnumSource(DType.class)
    void accumulationOverTwoPassesAdds(DType dtype) {
        Tensor w = Tensor.on(dtype).of(1, 2, 3).requiresGrad(true);
        Tensor first = w.mul(2).sum();
        first.backward();
        Tensor afterFirst = w.grad();
        w.mul(3).sum().backward();
        assertThat(w.grad().toDoubleArray()).containsExactly(5, 5, 5);
        assertThat(afterFirst.toDoubleArray()).containsExactly(2, 2, 2);
    }

    @ParameterizedTest(name = "with createGraph the gradient keeps its graph ({0})")
    @EnumSource(DType.class)
    void createGraphGradientsAreDifferentiable(DType dtype) {
        Tensor x = Tensor.on(dtype).of(3).requiresGrad(true);
        x.mul(x).mul(x).sum().backward(null, false, true);   // dx = 3x^2 = 27, recorded
        assertThat(x.grad().item()).isEqualTo(27.0);
        assertThat(x.grad().requiresGrad()).isTrue();
    }

    /** A custom op whose backward hands back a tensor on an array it keeps (asTensor), as a user's op might. */
    static final class GradientOnAnArray extends Function {
        final float[] array = {7f, 8f, 9f};

        @Override
        protected Tensor forward(Tensor... in) {
            return in[0].mul(1.0);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {Tensor.on(gradlab.tensor.device.CpuDevice.INSTANCE, DType.FLOAT32)
                    .asTensor(new int[] {3}, array)};
        }
    }

    @org.junit.jupiter.api.Test
    void aGradientOnTheCallersArrayIsCopiedNotTaken() {
        Tensor x = Tensor.on(gradlab.tensor.device.CpuDevice.INSTANCE, DType.FLOAT32).of(1, 2, 3).requiresGrad(true);
        GradientOnAnArray op = new GradientOnAnArray();
        op.apply(x).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(7, 8, 9);
        op.array[0] = 100f;   // the op writes its array again: the leaf's grad must not change
        assertThat(x.grad().toDoubleArray()).as("x.grad after the op's array changed").containsExactly(7, 8, 9);
    }
}
