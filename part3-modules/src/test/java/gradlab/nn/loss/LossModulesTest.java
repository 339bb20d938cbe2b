package gradlab.nn.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.nn.functional.Losses;
import gradlab.nn.functional.Reduction;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LossModulesTest {

    private static void check(long seed, Layout layout, Loss loss, Tensor target, Input input) {
        try {
            GradCheck.assertCorrect(TensorGradCheck.of(in -> loss.forward(in[0], target), input.shape())
                    .layout(layout), input);
        } catch (AssertionError e) {
            throw new AssertionError(loss + " seed " + seed + ", layout " + layout + ": " + e.getMessage(), e);
        }
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.ActivationModulesTest#cases")
    void everyLossPassesGradcheckInItsInput(long seed, Layout layout) {
        Random r = new Random(seed);
        int n = 1 + r.nextInt(4);
        int c = 2 + r.nextInt(3);
        Reduction red = Reduction.values()[r.nextInt(3)];
        double[] idx = new double[n];
        for (int i = 0; i < n; i++) {
            idx[i] = r.nextInt(c);
        }
        Tensor target = Tensor.of(idx);
        Tensor real = Tensor.randn(r, n, c);
        Tensor probs = Tensor.rand(r, n, c);
        check(seed, layout, new MSELoss(red), real, Input.uniform("x", r, -2, 2, n, c));
        check(seed, layout, new L1Loss(red), real, Input.uniform("x", r, 2.5, 4, n, c));   // away from |x - y| = 0
        check(seed, layout, new CrossEntropyLoss(red), target, Input.uniform("logits", r, -3, 3, n, c));
        check(seed, layout, new CrossEntropyLoss(Tensor.rand(r, c).add(0.5), -100, red), target,
                Input.uniform("logits", r, -3, 3, n, c));
        check(seed, layout, new NLLLoss(red), target, Input.uniform("logProbs", r, -3, 0, n, c));
        check(seed, layout, new BCEWithLogitsLoss(red), probs, Input.uniform("logits", r, -5, 5, n, c));
        check(seed, layout, new BCEWithLogitsLoss(Tensor.rand(r, c).mul(3), red), probs,
                Input.uniform("logits", r, -5, 5, n, c));
    }

    @Test
    void lossesComputeTheirFunction() {
        Tensor x = Tensor.of(new double[][] {{2.0, -1.0, 0.5}, {0.1, 0.2, 3.0}});
        Tensor y = Tensor.of(0, 2);
        Tensor t = Tensor.of(new double[][] {{1, 0, 0}, {0, 0.5, 1}});
        assertThat(new CrossEntropyLoss().forward(x, y).item()).isEqualTo(Losses.crossEntropy(x, y).item());
        assertThat(new NLLLoss().forward(x.logSoftmax(1), y).item()).isEqualTo(Losses.crossEntropy(x, y).item());
        assertThat(new MSELoss(Reduction.SUM).forward(x, t).item()).isEqualTo(Losses.mseLoss(x, t, Reduction.SUM).item());
        assertThat(new L1Loss().forward(x, t).item()).isEqualTo(Losses.l1Loss(x, t).item());
        assertThat(new BCEWithLogitsLoss(Reduction.NONE).forward(x, t).shape()).containsExactly(2, 3);
        assertThat(new CrossEntropyLoss(Reduction.NONE).forward(x, y).shape()).containsExactly(2);
        assertThat(new MSELoss().toString()).isEqualTo("MSELoss(reduction=mean)");
    }

    @Test
    void lossesAreNotModulesAndNeedAReduction() {
        List<Loss> losses = List.of(new MSELoss(), new L1Loss(), new CrossEntropyLoss(), new NLLLoss(),
                new BCEWithLogitsLoss());
        for (Loss l : losses) {
            assertThat(l).isNotInstanceOf(gradlab.nn.Module.class);
            assertThat(l.reduction()).isEqualTo(Reduction.MEAN);
        }
        assertThatThrownBy(() -> new MSELoss(null)).hasMessageContaining("MSELoss: reduction is null");
        assertThatThrownBy(() -> new CrossEntropyLoss().forward(Tensor.zeros(4, 10), Tensor.zeros(4, 10)))
                .hasMessageContaining("pass class indices, not one-hot rows");
    }
}
