package gradlab.tensor.autograd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import org.junit.jupiter.api.Test;

class EngineTest {

    @Test
    void aMillionNodeGraphBackpropagatesWithoutStackOverflow() {
        Tensor x = Tensor.scalar(0.5).requiresGrad(true);
        Tensor y = x;
        int n = 1_000_000;
        for (int i = 0; i < n; i++) {
            y = y.add(1.0);
        }
        assertThat(y.item()).isEqualTo(0.5 + n);
        y.backward();
        assertThat(x.grad().item()).isEqualTo(1.0);
    }

    @Test
    void aDiamondSumsGradientsFromBothPaths() {
        // y = a * a + a: two paths into a, dy/da = 2a + 1.
        Tensor a = Tensor.of(3.0).requiresGrad(true);
        Tensor b = a.mul(2);                 // shared non-leaf
        Tensor y = b.mul(b).add(b).sum();    // y = 4a^2 + 2a, dy/da = 8a + 2
        y.backward();
        assertThat(a.grad().item()).isEqualTo(8 * 3.0 + 2);
    }

    @Test
    void secondBackwardThroughAFreedGraphIsAClearError() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward();
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Trying to backward through the graph a second time")
                .hasMessageContaining("retainGraph=true")
                .hasMessageContaining("ExpBackward");
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        Tensor y = x.exp().sum();
        y.backward(null, true, false);
        y.backward();
        assertThat(x.grad().toDoubleArray())
                .containsExactly(2 * Math.exp(1.0), 2 * Math.exp(2.0));
    }

    @Test
    void modifyingASavedTensorInPlaceFailsAtBackwardNamingTheOps() {
        Tensor a = Tensor.of(1.0, 2.0);
        Tensor b = Tensor.of(3.0, 4.0).requiresGrad(true);
        Tensor y = a.mul(b).sum();    // MulBackward saves a
        a.mulInPlace(2.0);
        assertThat(a.version()).isEqualTo(1);
        assertThatThrownBy(y::backward)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("modified by an inplace operation")
                .hasMessageContaining("MulBackward")
                .hasMessageContaining("mulInPlace")
                .hasMessageContaining("version 1; expected version 0");
    }

    @Test
    void aViewSharesTheVersionCounterWithItsBase() {
        Tensor a = Tensor.of(1.0, 2.0, 3.0);
        Tensor view = a.narrow(0, 1, 2);
        Tensor b = Tensor.of(1.0, 1.0).requiresGrad(true);
        Tensor y = view.mul(b).sum();
        a.fill(0.0);
        assertThat(view.version()).isEqualTo(1);
        assertThatThrownBy(y::backward).hasMessageContaining("fill");
    }

    @Test
    void inPlaceOnATensorThatRequiresGradIsRefusedOutsideNoGrad() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        assertThatThrownBy(() -> w.addInPlace(Tensor.ones(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("addInPlace")
                .hasMessageContaining("noGrad");
        try (var g = Tensor.noGrad()) {
            w.addInPlace(Tensor.ones(2));
        }
        assertThat(w.toDoubleArray()).containsExactly(2.0, 2.0);
    }

    @Test
    void createGraphGivesDifferentiableGradients() {
        // y = x^3: dy/dx = 3x^2, d2y/dx2 = 6x.
        Tensor x = Tensor.scalar(2.0).requiresGrad(true);
        Tensor y = x.pow(3);
        Tensor[] dydx = Engine.grad(y, null, new Tensor[] {x}, true, true);
        assertThat(dydx[0].item()).isEqualTo(12.0);
        assertThat(dydx[0].requiresGrad()).isTrue();
        Tensor[] d2 = Engine.grad(dydx[0], null, new Tensor[] {x}, false, false);
        assertThat(d2[0].item()).isCloseTo(12.0, within(1e-12));
    }

    @Test
    void backwardWithCreateGraphLeavesAGradThatCanBeBackpropagated() {
        Tensor x = Tensor.of(1.0, 2.0).requiresGrad(true);
        x.pow(2).sum().backward(null, false, true);     // x.grad = 2x, with a graph
        Tensor g = x.grad();
        assertThat(g.gradFn()).isNotNull();
        x.zeroGrad();
        g.sum().backward();                             // d/dx sum(2x) = 2
        assertThat(x.grad().toDoubleArray()).containsExactly(2.0, 2.0);
    }

    @Test
    void gradOfUnusedInputIsNull() {
        Tensor x = Tensor.of(1.0).requiresGrad(true);
        Tensor z = Tensor.of(1.0).requiresGrad(true);
        Tensor[] g = Engine.grad(x.mul(2).sum(), null, new Tensor[] {x, z}, false, false);
        assertThat(g[0].item()).isEqualTo(2.0);
        assertThat(g[1]).isNull();
        assertThat(x.grad()).as("grad() must not touch .grad").isNull();
    }

    @Test
    void backwardOnSomethingThatDoesNotRequireGradIsAnError() {
        Tensor y = Tensor.of(1.0).mul(2).sum();
        assertThatThrownBy(y::backward).hasMessageContaining("does not require grad");
    }

    @Test
    void seedMustHaveTheOutputShape() {
        Tensor y = Tensor.ones(3).requiresGrad(true).mul(2);
        assertThatThrownBy(() -> y.backward(Tensor.ones(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[2]").hasMessageContaining("[3]");
    }

    @Test
    void requiresGradCanOnlyBeChangedOnLeaves() {
        Tensor y = Tensor.ones(3).requiresGrad(true).mul(2);
        assertThatThrownBy(() -> y.requiresGrad(false))
                .hasMessageContaining("leaf").hasMessageContaining("MulBackward");
    }

    @Test
    void aLeafReceivesGradientsInItsOwnDtypeAfterPromotion() {
        Tensor a = Tensor.of(1.0, 2.0).to(DType.FLOAT32).requiresGrad(true);
        Tensor b = Tensor.of(3.0, 4.0).requiresGrad(true);
        Tensor y = a.mul(b);
        assertThat(y.dtype()).isEqualTo(DType.FLOAT64);
        y.sum().backward();
        assertThat(a.grad().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(a.grad().toDoubleArray()).containsExactly(3.0, 4.0);
        assertThat(b.grad().toDoubleArray()).containsExactly(1.0, 2.0);
    }

    @Test
    void anomalyModeNamesTheFirstOpThatProducesNanInForward() {
        Tensor x = Tensor.of(-1.0, 2.0).requiresGrad(true);
        try (var anomaly = AnomalyMode.enable()) {
            Tensor y = x.mul(2);
            assertThatThrownBy(() -> y.log())
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("Log")
                    .hasMessageContaining("forward")
                    .hasMessageContaining("[2]");
        }
        assertThat(AnomalyMode.isEnabled()).isFalse();
        assertThat(x.mul(2).log().toDoubleArray()[0]).isNaN();   // off again: IEEE NaN, no exception
    }

    @Test
    void anomalyModeNamesTheOpThatProducesNanInBackward() {
        // sqrt at 0 is finite (0) in forward, but its derivative 1/(2 sqrt x) is infinite.
        Tensor x = Tensor.of(0.0, 4.0).requiresGrad(true);
        Tensor y = x.sqrt().sum();
        try (var anomaly = AnomalyMode.enable()) {
            assertThatThrownBy(y::backward)
                    .isInstanceOf(AnomalyException.class)
                    .hasMessageContaining("SqrtBackward")
                    .hasMessageContaining("[2]");
        }
    }

    @Test
    void aBackwardReturningTheWrongShapeIsCaught() {
        Function broken = new Function() {
            @Override
            protected Tensor forward(Tensor... in) {
                return in[0].detach().mul(2);
            }

            @Override
            protected Tensor[] backward(Tensor g) {
                return new Tensor[] {g.sum()};   // the classic bug: forgot to keep the input's shape
            }

            @Override
            public String name() {
                return "BrokenBackward";
            }
        };
        Tensor x = Tensor.ones(2, 3).requiresGrad(true);
        Tensor y = broken.apply(x);
        assertThatThrownBy(() -> y.sum().backward())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("BrokenBackward")
                .hasMessageContaining("got []")
                .hasMessageContaining("[2, 3]");
    }

    @Test
    void nextEdgesExposeTheGraph() {
        Tensor a = Tensor.ones(2).requiresGrad(true);
        Tensor b = Tensor.ones(2);
        Tensor c = a.exp().mul(b);
        assertThat(c.gradFn().nextEdges()).hasSize(2);
        assertThat(c.gradFn().nextEdges().get(0).function().name()).isEqualTo("ExpBackward");
        assertThat(c.gradFn().nextEdges().get(1)).isNull();
        assertThat(a.exp().gradFn().nextEdges().get(0).leaf()).isSameAs(a);
    }
}
