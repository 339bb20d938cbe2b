package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.Input;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layer tests' module gradcheck (ModuleGradCheck) can fail: a module that hides its weight from the tape is caught. */
class ModuleChecksTest {

    /** y = x * w, but w enters through detach(): the tape gives dL/dw = 0 while the true derivative is x. */
    static final class DetachedScale extends Module {
        final Parameter weight = new Parameter(Tensor.of(0.5, 2.0, -1.0));

        @Override
        public Tensor forward(Tensor input) {
            return input.mul(weight.detach()).add(weight.mul(0.0));
        }
    }

    static final class Scale extends Module {
        final Parameter weight = new Parameter(Tensor.of(0.5, 2.0, -1.0));

        @Override
        public Tensor forward(Tensor input) {
            return input.mul(weight);
        }
    }

    @Test
    void catchesAWrongParameterGradient() {
        Input x = Input.uniform("x", new Random(1), -1, 1, 2, 3);
        assertThatThrownBy(() -> ModuleChecks.gradcheck(1, Layout.STRIDED, new DetachedScale(), x))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("seed 1, layout STRIDED")
                .hasMessageContaining("weight");
        assertThatCode(() -> ModuleChecks.gradcheck(1, Layout.STRIDED, new Scale(), x)).doesNotThrowAnyException();
    }
}
