package gradlab.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The properties the Javadocs of Adam, AdamW, RMSprop and Adagrad state, checked on single steps. */
class AdaptiveOptimizersTest {

    /** One step on loss = sum(c * w) (gradient c), returning the change of w. */
    private static double[] oneStep(Optimizer opt, Tensor w, Tensor c) {
        double[] before = w.toDoubleArray();
        opt.zeroGrad();
        w.mul(c).sum().backward();
        opt.step();
        double[] after = w.toDoubleArray();
        return new double[] {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
    }

    private static final Tensor GRADIENT = Tensor.of(1e-3, -50.0, 2.0);

    @Test
    void adamsFirstStepIsLrTimesTheSignWhateverTheScale() {
        Tensor w = Tensor.of(0.0, 0.0, 0.0).requiresGrad(true);
        double[] d = oneStep(new Adam(List.of(w), 0.1), w, GRADIENT);
        assertThat(d[0]).isCloseTo(-0.1, within(1e-6));   // eps = 1e-8 against |g| = 1e-3
        assertThat(d[1]).isCloseTo(0.1 * 50 / (50 + 1e-8), within(1e-15));
        assertThat(d[2]).isCloseTo(-0.1 * 2 / (2 + 1e-8), within(1e-15));
    }

    @Test
    void adagradsFirstStepIsLrTimesTheSignAndRmspropsIsTenTimesThat() {
        Tensor w = Tensor.of(0.0, 0.0, 0.0).requiresGrad(true);
        double[] a = oneStep(new Adagrad(List.of(w), 0.1), w, GRADIENT);
        assertThat(a[1]).isCloseTo(0.1 * 50 / (50 + 1e-10), within(1e-15));
        Tensor v = Tensor.of(0.0, 0.0, 0.0).requiresGrad(true);
        double[] r = oneStep(new RMSprop(List.of(v), 0.01), v, GRADIENT);
        // no bias correction: s = 0.01 g^2, so the step is lr g / (0.1 |g| + eps), about 10 lr = 0.1
        assertThat(r[1]).isCloseTo(0.01 * 50 / (Math.sqrt(0.01 * 50 * 50) + 1e-8), within(1e-15));
        assertThat(r[1]).isCloseTo(0.1, within(1e-9));
    }

    @Test
    void adamWithoutWeightDecayAndAdamWWithoutItAreTheSame() {
        Tensor a = Tensor.of(0.3, -0.2, 0.1).requiresGrad(true);
        Tensor b = Tensor.of(0.3, -0.2, 0.1).requiresGrad(true);
        Adam adam = new Adam(List.of(a), Adam.options().lr(0.01).amsgrad(true));
        AdamW adamw = new AdamW(List.of(b), AdamW.options().lr(0.01).amsgrad(true).weightDecay(0));
        for (int i = 0; i < 5; i++) {
            oneStep(adam, a, a.detach().sub(1));           // gradient w - 1 (changes every step)
            oneStep(adamw, b, b.detach().sub(1));
        }
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
    }

    @Test
    void adamWDecaysAWeightWithZeroGradientByOneMinusLrWdButAdamMovesItByAboutLr() {
        Tensor a = Tensor.of(2.0, 2.0, 2.0).requiresGrad(true);
        Tensor b = Tensor.of(2.0, 2.0, 2.0).requiresGrad(true);
        Tensor zero = Tensor.zeros(3);
        double[] dw = oneStep(new AdamW(List.of(a), AdamW.options().lr(0.1).weightDecay(0.01)), a, zero);
        double[] dl2 = oneStep(new Adam(List.of(b), Adam.options().lr(0.1).weightDecay(0.01)), b, zero);
        assertThat(dw[0]).isCloseTo(-2.0 * 0.1 * 0.01, within(1e-15));  // decoupled: w (1 - lr wd)
        assertThat(dl2[0]).isCloseTo(-0.1, within(1e-6));             // L2 in g, normalized: a full lr step
    }

    @Test
    void amsgradNeverLetsTheDenominatorShrink() {
        Tensor w = Tensor.of(0.0, 0.0, 0.0).requiresGrad(true);
        Adam adam = new Adam(List.of(w), Adam.options().lr(0.1).amsgrad(true));
        oneStep(adam, w, Tensor.of(10.0, 10.0, 10.0));
        double maxAfterBig = adam.state(w).get("max_exp_avg_sq").get(0);
        oneStep(adam, w, Tensor.of(0.1, 0.1, 0.1));
        assertThat(adam.state(w).get("exp_avg_sq").get(0)).isLessThan(maxAfterBig);
        assertThat(adam.state(w).get("max_exp_avg_sq").get(0)).isEqualTo(maxAfterBig);
    }

    @Test
    void turningOnAnOptionThatNeedsStateAfterTheFirstStepIsAClearError() {
        Tensor w = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        Adam adam = new Adam(List.of(w), 0.1);
        oneStep(adam, w, GRADIENT);
        adam.paramGroups().get(0).set("amsgrad", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oneStep(adam, w, GRADIENT))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Adam: a parameter's state has no 'max_exp_avg_sq', which amsgrad needs")
                .hasMessageContaining("Set amsgrad when building the optimizer");
        Tensor v = Tensor.of(1.0, 2.0, 3.0).requiresGrad(true);
        RMSprop rms = new RMSprop(List.of(v), 0.01);
        oneStep(rms, v, GRADIENT);
        rms.paramGroups().get(0).set("centered", true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> oneStep(rms, v, GRADIENT))
                .hasMessageContaining("no 'grad_avg', which centered needs");
    }

    @Test
    void adagradsLrDecaysAsLrOverOnePlusTMinusOneTimesDecay() {
        Tensor w = Tensor.of(0.0, 0.0, 0.0).requiresGrad(true);
        Adagrad adagrad = new Adagrad(List.of(w), Adagrad.options().lr(1.0).lrDecay(1.0));
        Tensor g = Tensor.of(1.0, 1.0, 1.0);
        oneStep(adagrad, w, g);                                        // clr 1, sum 1: step -1
        double[] d = oneStep(adagrad, w, g);                           // clr 1/2, sum 2: step -0.5/sqrt(2)
        assertThat(d[0]).isCloseTo(-0.5 / (Math.sqrt(2) + 1e-10), within(1e-15));
    }
}
