package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** Writes PyTorch refuses, refused here too before anything changes; empty reductions; null operands. */
class InPlaceAndEdgeErrorsTest {

    @Test
    void anInPlaceWriteFromAPartlyOverlappingViewIsRefusedAndChangesNothing() {
        Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
        assertThatThrownBy(() -> x.addInPlace(x.t())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("addInPlace: some elements of the other tensor and the written-to tensor"
                        + " refer to the same memory").hasMessageContaining("clone()");
        assertThat(x.toDoubleArray()).containsExactly(1, 2, 3, 4);
        assertThat(x.version()).isZero();
        x.addInPlace(x.t().clone());
        assertThat(x.toDoubleArray()).containsExactly(2, 5, 5, 8);
        x.addInPlace(x); // the same view is fine, as in PyTorch
        assertThat(x.toDoubleArray()).containsExactly(4, 10, 10, 16);
        assertThatThrownBy(() -> x.copyFrom(x.select(0, 0))).hasMessageContaining("same memory");
    }

    @Test
    void writesBetweenInterleavedViewsThatShareNoElementAreAllowedAsInPyTorch() {
        Tensor x = Tensor.arange(6).reshape(2, 3);
        x.select(1, 0).copyFrom(x.select(1, 1));                 // column 1 into column 0
        assertThat(x.toDoubleArray()).containsExactly(1, 1, 2, 4, 4, 5);
        x.narrow(1, 1, 2).subInPlace(x.narrow(1, 0, 1));         // the first column from the others
        assertThat(x.toDoubleArray()).containsExactly(1, 0, 1, 4, 0, 1);
        Tensor v = Tensor.arange(8);
        v.slice(0, 0, 8, 2).addInPlace(v.slice(0, 1, 8, 2));     // even elements += odd ones
        assertThat(v.toDoubleArray()).containsExactly(1, 1, 5, 3, 9, 5, 13, 7);
        x.narrow(0, 1, 1).addInPlace(x.narrow(0, 0, 1));         // row 1 += row 0: separate blocks
        assertThat(x.toDoubleArray()).containsExactly(1, 0, 1, 5, 0, 2);
    }

    @Test
    void copyFromASourceBiggerThanTheDestinationIsRefusedNotTruncated() {
        Tensor dst = Tensor.zeros(1, 3);
        assertThatThrownBy(() -> dst.copyFrom(Tensor.arange(6).reshape(2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("copyFrom: the source [2, 3] broadcasts to [2, 3], which is bigger than the"
                        + " tensor [1, 3]");
        assertThatThrownBy(() -> Tensor.zeros(3).copyFrom(Tensor.zeros(2, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("copyFrom: the source [2, 3]");
        assertThat(dst.toDoubleArray()).containsOnly(0);
    }

    @Test
    void aSliceWithAHugeStepHasOneElementAndEmptyTensorsAreContiguous() {
        assertThat(Tensor.arange(5).slice(0, 0, 5, Integer.MAX_VALUE).shape()).containsExactly(1);
        assertThat(Tensor.zeros(3, 0).isContiguous()).isTrue();
        assertThatThrownBy(() -> Tensor.scalar(1).argmax(5, false)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void anInPlaceWriteIntoAnExpandedTensorIsRefused() {
        Tensor b = Tensor.of(1.0);
        assertThatThrownBy(() -> b.expand(3).addInPlace(Tensor.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than one element of the written-to tensor refers to a single memory")
                .hasMessageContaining("clone()");
        assertThatThrownBy(() -> b.expand(3).fill(2)).hasMessageContaining("single memory location");
        assertThat(b.item()).isEqualTo(1.0);
    }

    @Test
    void maxMinAndArgmaxOfAnEmptyDimAreRefusedAsInPyTorch() {
        assertThatThrownBy(() -> Tensor.zeros(0).max()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("max: dim 0 of shape [0] is empty");
        assertThatThrownBy(() -> Tensor.zeros(2, 0).min(1, false)).hasMessageStartingWith("min: dim 1");
        assertThatThrownBy(() -> Tensor.zeros(0).argmax()).hasMessageStartingWith("argmax: dim 0 of shape [0]");
        assertThat(Tensor.zeros(0, 3).max(1, false).shape()).as("reducing a non-empty dim is fine").containsExactly(0);
    }

    @Test
    void aNullOperandNamesTheOpInsteadOfANullPointerException() {
        Tensor x = Tensor.of(1, 2);
        assertThatThrownBy(() -> x.add(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Add: input 1 is null");
        assertThatThrownBy(() -> x.matmul(null)).hasMessageStartingWith("matmul: the other tensor is null");
        assertThatThrownBy(() -> x.gt(null)).hasMessageStartingWith("gt: the other tensor is null");
        assertThatThrownBy(() -> x.addInPlace(null)).hasMessageStartingWith("addInPlace: the other tensor is null");
        assertThatThrownBy(() -> Tensor.cat(null, 0)).hasMessageStartingWith("cat: expected a non-empty list");
    }

    @Test
    void readingTheGradOfANonLeafWarnsOnceAsPyTorchDoes() {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        Tensor.warnedNonLeafGrad = false;
        try {
            Tensor x = Tensor.of(1, 2).requiresGrad(true);
            Tensor h = x.mul(2);
            h.sum().backward();
            assertThat(h.grad()).isNull();
            assertThat(h.grad()).isNull();
        } finally {
            System.setErr(saved);
        }
        assertThat(err.toString().lines().filter(l -> l.contains("not a leaf (computed by MulBackward)")).count())
                .as("one warning, however often grad() is read").isEqualTo(1);
    }
}
