package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Shape errors name the op and both shapes; index errors name the index and the size; dtypes promote. */
class ShapeErrorsTest {

    @Test
    void mmNamesBothShapesAndTheMismatchedDims() {
        assertThatThrownBy(() -> Tensor.zeros(128, 784).mm(Tensor.zeros(100, 50)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mm")
                .hasMessageContaining("[128, 784]").hasMessageContaining("[100, 50]")
                .hasMessageContaining("784 != 100");
    }

    @Test
    void matmulNamesBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(5, 6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("matmul: cannot multiply [2, 3, 4] by [5, 6]: 4 != 5");
    }

    /** A vector argument is named as the caller passed it, not as the [1, k] row or [k, 1] column it becomes. */
    @Test
    void matmulWithAVectorNamesTheShapesAsPassed() {
        assertThatThrownBy(() -> Tensor.zeros(3).matmul(Tensor.zeros(4, 5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("matmul: cannot multiply [3] by [4, 5]: 3 != 4")
                .hasMessageContaining("1-D first argument's length");
        assertThatThrownBy(() -> Tensor.zeros(3).matmul(Tensor.zeros(2, 4, 5)))
                .hasMessageStartingWith("matmul: cannot multiply [3] by [2, 4, 5]: 3 != 4");
        assertThatThrownBy(() -> Tensor.zeros(4, 5).matmul(Tensor.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("matmul: cannot multiply [4, 5] by [3]: 5 != 3")
                .hasMessageContaining("1-D second argument's length");
        assertThatThrownBy(() -> Tensor.zeros(2, 4, 5).matmul(Tensor.zeros(3)))
                .hasMessageStartingWith("matmul: cannot multiply [2, 4, 5] by [3]: 5 != 3");
        assertThatThrownBy(() -> Tensor.zeros(3).matmul(Tensor.zeros(4)))
                .hasMessage("matmul: cannot take the dot product of [3] and [4]: 3 != 4");
    }

    @Test
    void broadcastFailureNamesTheOpAndBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("add").hasMessageContaining("[2, 3]").hasMessageContaining("[4]");
    }

    @Test
    void indexOutOfRangeNamesTheIndexAndTheSize() {
        assertThatThrownBy(() -> Tensor.zeros(3, 2).select(0, 5))
                .isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("5").hasMessageContaining("3");
        assertThatThrownBy(() -> Tensor.zeros(3, 2).indexSelect(0, Tensor.of(0, 7)))
                .hasMessageContaining("7").hasMessageContaining("3");
    }

    @Test
    void mixedDtypesPromoteToFloat64AsPyTorch() {
        Tensor a = Tensor.ones(DType.FLOAT32, 2);
        Tensor b = Tensor.ones(DType.FLOAT64, 2);
        assertThat(a.add(b).dtype()).isEqualTo(DType.FLOAT64);
        assertThat(a.mul(a).dtype()).isEqualTo(DType.FLOAT32);
    }
}
