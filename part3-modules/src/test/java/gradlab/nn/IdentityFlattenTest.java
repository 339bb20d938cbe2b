package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Identity and Flatten's values, shapes and errors; their gradients are checked in ModuleGradCheckTest. */
class IdentityFlattenTest {

    @Test
    void identityReturnsItsInput() {
        Tensor x = Tensor.randn(new Generator(1), 2, 3);
        assertThat(new Identity().forward(x)).isSameAs(x);
        assertThat(new Identity().parameters()).isEmpty();
    }

    @Test
    void flattenKeepsTheBatchDimByDefault() {
        Tensor x = Tensor.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5);
        Tensor y = new Flatten().forward(x);
        assertThat(y.shape()).containsExactly(2, 60);
        assertThat(y.toDoubleArray()).containsExactly(x.toDoubleArray());
        assertThat(new Flatten(1, 2).forward(x).shape()).containsExactly(2, 12, 5);
        assertThat(new Flatten(0, -1).forward(x).shape()).containsExactly(120);
        assertThat(new Flatten(-2, -1).forward(x).shape()).containsExactly(2, 3, 20);
    }

    @Test
    void flattenOfANonContiguousInputKeepsRowMajorOrder() {
        Tensor x = Tensor.arange(6).reshape(2, 3).t().unsqueeze(0);   // [1, 3, 2] with strides reversed
        assertThat(new Flatten().forward(x).toDoubleArray()).containsExactly(0, 3, 1, 4, 2, 5);
    }

    @Test
    void flattenNamesTheBadShape() {
        assertThatThrownBy(() -> new Flatten().forward(Tensor.of(1, 2, 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Flatten(startDim=1, endDim=-1)")
                .hasMessageContaining("[3]");
        assertThatThrownBy(() -> new Flatten(2, 1).forward(Tensor.zeros(2, 2, 2))).hasMessageContaining("[2, 2, 2]");
    }
}
