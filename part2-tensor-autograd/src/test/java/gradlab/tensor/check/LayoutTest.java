package gradlab.tensor.check;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each layout holds the same values as the row-major input, in the storage arrangement its Javadoc promises. */
class LayoutTest {
    private static final int[] SHAPE = {2, 3, 4};
    private static final double[] VALUES = java.util.stream.IntStream.range(0, 24).asDoubleStream().toArray();

    @ParameterizedTest
    @EnumSource(Layout.class)
    void everyLayoutHoldsTheRowMajorValues(Layout layout) {
        for (int[] shape : new int[][] {{}, {5}, {3, 1}, SHAPE}) {
            int n = 1;
            for (int s : shape) {
                n *= s;
            }
            double[] values = java.util.Arrays.copyOf(VALUES, n);
            Tensor t = TensorGradCheck.layOut(shape, values, layout);
            assertThat(t.shape()).as("%s shape", layout).containsExactly(shape);
            assertThat(t.toDoubleArray()).as("%s values of %s", layout, java.util.Arrays.toString(shape))
                    .containsExactly(values);
        }
    }

    @ParameterizedTest
    @EnumSource(Layout.class)
    void float32InputsKeepTheLayout(Layout layout) {
        Tensor x64 = TensorGradCheck.layOut(SHAPE, VALUES, layout);
        Tensor x32 = TensorGradCheck.layOut(SHAPE, VALUES, layout, gradlab.tensor.DType.FLOAT32);
        assertThat(x32.dtype()).isEqualTo(gradlab.tensor.DType.FLOAT32);
        assertThat(x32.strides()).containsExactly(x64.strides());
        assertThat(x32.offset()).isEqualTo(x64.offset());
        assertThat(x32.toDoubleArray()).containsExactly(VALUES);
        assertThat(x32.isLeaf()).isTrue();
    }

    @Test
    void theStoragesAreWhatTheLayoutsSay() {
        assertThat(TensorGradCheck.layOut(SHAPE, VALUES, Layout.CONTIGUOUS).strides()).containsExactly(12, 4, 1);
        // PERMUTED: buffer [4, 3, 2] row-major, seen through permute(2, 1, 0)
        Tensor permuted = TensorGradCheck.layOut(SHAPE, VALUES, Layout.PERMUTED);
        assertThat(permuted.strides()).containsExactly(1, 2, 6);
        // STRIDED: buffer [2, 3, 9], x = buffer[..., 1::2]
        Tensor strided = TensorGradCheck.layOut(SHAPE, VALUES, Layout.STRIDED);
        assertThat(strided.strides()).containsExactly(27, 9, 2);
        assertThat(strided.offset()).isEqualTo(1);
        // NARROWED: buffer [4, 5, 6], x = buffer[1:3, 1:4, 1:5]
        Tensor narrowed = TensorGradCheck.layOut(SHAPE, VALUES, Layout.NARROWED);
        assertThat(narrowed.strides()).containsExactly(30, 6, 1);
        assertThat(narrowed.offset()).isEqualTo(30 + 6 + 1);
        // TRANSPOSED: buffer [2, 4, 3] row-major, seen through transpose(1, 2)
        Tensor transposed = TensorGradCheck.layOut(SHAPE, VALUES, Layout.TRANSPOSED);
        assertThat(transposed.strides()).containsExactly(12, 1, 3);
        // STEPPED: buffer [5, 7, 9], x = buffer[1::2, 1::2, 1::2]
        Tensor stepped = TensorGradCheck.layOut(SHAPE, VALUES, Layout.STEPPED);
        assertThat(stepped.strides()).containsExactly(126, 18, 2);
        assertThat(stepped.offset()).isEqualTo(63 + 9 + 1);
        for (Tensor t : new Tensor[] {permuted, strided, narrowed, transposed, stepped}) {
            assertThat(t.isContiguous()).isFalse();
        }
    }
}
