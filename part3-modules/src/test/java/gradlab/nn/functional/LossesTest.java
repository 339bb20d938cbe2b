package gradlab.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class LossesTest {

    /** Class indices drawn at random, laid out like the inputs (a strided target must be read by its strides). */
    private static Tensor classes(Random r, int classes, Layout layout, int... shape) {
        double[] v = new double[java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextInt(classes);
        }
        return TensorGradCheck.layOut(shape, v, layout);
    }

    private static Reduction reduction(Random r) {
        return Reduction.values()[r.nextInt(3)];
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void regressionLossesPassGradcheckInInputAndTarget(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {Checks.size(r, 4), Checks.size(r, 4)};
        Reduction red = reduction(r);
        Checks.gradcheck(seed, layout, in -> Losses.mseLoss(in[0], in[1], red),
                Checks.uniform("input", r, -2, 2, s), Checks.uniform("target", r, -2, 2, s));
        // l1 has a kink where input = target: draw target, then input at least 0.01 away from it
        var target = Checks.uniform("target", r, -2, 2, s);
        double[] input = target.values().clone();
        for (int i = 0; i < input.length; i++) {
            input[i] += (r.nextBoolean() ? 1 : -1) * (0.05 + r.nextDouble());
        }
        Checks.gradcheck(seed, layout, in -> Losses.l1Loss(in[0], in[1], red),
                gradlab.gradcheck.Input.of("input", s, input), target);
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void classificationLossesPassGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int n = Checks.size(r, 4);
        int c = 1 + Checks.size(r, 4);
        Reduction red = reduction(r);
        Tensor target = classes(r, c, layout, n);
        Checks.gradcheck(seed, layout, in -> Losses.crossEntropy(in[0], target, red),
                Checks.uniform("logits", r, -3, 3, n, c));
        Checks.gradcheck(seed, layout, in -> Losses.nllLoss(in[0], target, red),
                Checks.uniform("logProbs", r, -3, 0, n, c));
        // a class per position: [N, C, d] logits, [N, d] targets
        int d = Checks.size(r, 3);
        Tensor target3 = classes(r, c, layout, n, d);
        Checks.gradcheck(seed, layout, in -> Losses.crossEntropy(in[0], target3, red),
                Checks.uniform("logits", r, -3, 3, n, c, d));
        // class weights and an ignored example
        Tensor weight = Tensor.rand(r, c).add(0.5);
        double[] t = target.toDoubleArray();
        t[0] = 7;
        Tensor withIgnored = Tensor.of(new int[] {n}, t);
        Checks.gradcheck(seed, layout, in -> Losses.crossEntropy(in[0], withIgnored, weight, 7, red),
                Checks.uniform("logits", r, -3, 3, n, c));
        Checks.gradcheck(seed, layout, in -> Losses.nllLoss(in[0], withIgnored, weight, 7, red),
                Checks.uniform("logProbs", r, -3, 0, n, c));
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void bceWithLogitsPassesGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {Checks.size(r, 4), Checks.size(r, 4)};
        Reduction red = reduction(r);
        Tensor target = TensorGradCheck.layOut(s, Tensor.rand(r, s).toDoubleArray(), layout);
        Checks.gradcheck(seed, layout, in -> Losses.binaryCrossEntropyWithLogits(in[0], target, red),
                Checks.uniform("logits", r, -6, 6, s));
        Tensor posWeight = Tensor.rand(r, s[1]).mul(3);
        Checks.gradcheck(seed, layout, in -> Losses.binaryCrossEntropyWithLogits(in[0], target, posWeight, red),
                Checks.uniform("logits", r, -6, 6, s));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("gradgradSeeds")
    void lossesAreTwiceDifferentiable(long seed) {
        Random r = new Random(seed);
        Tensor target = classes(r, 3, Layout.CONTIGUOUS, 2);
        Checks.gradgradcheck(seed, Layout.STRIDED, in -> Losses.crossEntropy(in[0], target),
                Checks.uniform("logits", r, -3, 3, 2, 3));
        Tensor y = Tensor.rand(r, 2, 3);
        Checks.gradgradcheck(seed, Layout.PERMUTED, in -> Losses.binaryCrossEntropyWithLogits(in[0], y),
                Checks.uniform("logits", r, -3, 3, 2, 3));
        Checks.gradgradcheck(seed, Layout.PERMUTED, in -> Losses.mseLoss(in[0], in[1]),
                Checks.uniform("input", r, -3, 3, 2, 3), Checks.uniform("target", r, -3, 3, 2, 3));
    }

    static java.util.stream.LongStream gradgradSeeds() {
        return java.util.stream.LongStream.range(0, 4);
    }

    /** Cross-entropy as a plain loop: l_n = -x[n][y_n] + log sum_c exp(x[n][c]); plus the class-weighted mean. */
    @Test
    void crossEntropyMatchesAPlainLoop() {
        Random r = new Random(11);
        int n = 5, c = 4;
        Tensor x = Tensor.randn(r, n, c).mul(3);
        Tensor y = Tensor.of(3, 0, 1, 3, 2);
        Tensor w = Tensor.of(0.5, 1.0, 2.0, 0.25);
        double sum = 0, weighted = 0, weights = 0;
        double[] each = new double[n];
        for (int i = 0; i < n; i++) {
            double z = 0;
            for (int k = 0; k < c; k++) {
                z += Math.exp(x.get(i, k));
            }
            int target = (int) y.get(i);
            each[i] = -x.get(i, target) + Math.log(z);
            sum += each[i];
            weighted += w.get(target) * each[i];
            weights += w.get(target);
        }
        assertThat(Losses.crossEntropy(x, y).item()).isCloseTo(sum / n, within(1e-13));
        assertThat(Losses.crossEntropy(x, y, Reduction.SUM).item()).isCloseTo(sum, within(1e-12));
        assertThat(Losses.crossEntropy(x, y, Reduction.NONE).toDoubleArray()).containsExactly(each, within(1e-13));
        assertThat(Losses.crossEntropy(x, y, w, Losses.DEFAULT_IGNORE_INDEX, Reduction.MEAN).item())
                .isCloseTo(weighted / weights, within(1e-13));
        // ignoring example 0 (target 3): it adds nothing and is not counted
        Tensor ignored = Tensor.of(-100, 0, 1, 3, 2);
        assertThat(Losses.crossEntropy(x, ignored).item())
                .isCloseTo((sum - each[0]) / (n - 1), within(1e-13));
        // nllLoss of logSoftmax is crossEntropy; one unbatched example gives a scalar
        assertThat(Losses.nllLoss(x.logSoftmax(1), y).item()).isCloseTo(sum / n, within(1e-13));
        assertThat(Losses.crossEntropy(x.select(0, 2), Tensor.scalar(1)).item()).isCloseTo(each[2], within(1e-13));
    }

    /** Gradient w.r.t. logits = (softmax - onehot) / N. */
    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHot() {
        Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {0, 0, 0}}).requiresGrad(true);
        Losses.crossEntropy(x, Tensor.of(2, 0)).backward();
        Tensor expected = x.detach().softmax(1).sub(Tensor.oneHot(Tensor.of(2, 0), 3)).div(2);
        assertThat(x.grad().allClose(expected, 1e-12, 1e-14)).isTrue();
    }

    /** Huge logits stay finite: the log-sum-exp subtracts the max. */
    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tensor x = Tensor.of(new double[][] {{1000, 0, -1000}});
        assertThat(Losses.crossEntropy(x, Tensor.of(0)).item()).isCloseTo(0.0, within(1e-300));
        assertThat(Losses.crossEntropy(x, Tensor.of(1)).item()).isCloseTo(1000.0, within(1e-9));
    }

    /** BCE against -[y log s(x) + (1 - y) log(1 - s(x))] at moderate x; stable at |x| = 1000; exact gradient at 0. */
    @Test
    void bceWithLogitsMatchesTheDefinitionAndIsStable() {
        Tensor x = Tensor.of(-2.0, -0.3, 0.0, 0.7, 3.0);
        Tensor y = Tensor.of(0.0, 1.0, 0.25, 1.0, 0.6);
        double[] none = Losses.binaryCrossEntropyWithLogits(x, y, Reduction.NONE).toDoubleArray();
        for (int i = 0; i < 5; i++) {
            double s = 1 / (1 + Math.exp(-x.get(i)));
            double expected = -(y.get(i) * Math.log(s) + (1 - y.get(i)) * Math.log(1 - s));
            assertThat(none[i]).as("element %d", i).isCloseTo(expected, within(1e-14));
        }
        // with posWeight 3: -(3 y log s + (1 - y) log(1 - s))
        double s1 = 1 / (1 + Math.exp(0.3));
        assertThat(Losses.binaryCrossEntropyWithLogits(x, y, Tensor.scalar(3), Reduction.NONE).get(1))
                .isCloseTo(-3 * Math.log(s1), within(1e-14));
        Tensor big = Tensor.of(1000.0, -1000.0);
        double[] l = Losses.binaryCrossEntropyWithLogits(big, Tensor.of(0.0, 0.0), Reduction.NONE).toDoubleArray();
        assertThat(l[0]).isCloseTo(1000.0, within(1e-9));
        assertThat(l[1]).isCloseTo(0.0, within(1e-300));
        Tensor zero = Tensor.of(0.0).requiresGrad(true);
        Losses.binaryCrossEntropyWithLogits(zero, Tensor.of(0.25), Reduction.SUM).backward();
        assertThat(zero.grad().item()).isCloseTo(0.5 - 0.25, within(1e-15));   // s(0) - y, even at the kink of |x|
    }

    @Test
    void regressionLossesMatchTheirDefinitions() {
        Tensor a = Tensor.of(1.0, 2.0, 3.0);
        Tensor b = Tensor.of(1.5, 0.0, 3.0);
        assertThat(Losses.mseLoss(a, b).item()).isCloseTo((0.25 + 4 + 0) / 3, within(1e-15));
        assertThat(Losses.mseLoss(a, b, Reduction.SUM).item()).isCloseTo(4.25, within(1e-15));
        assertThat(Losses.l1Loss(a, b).item()).isCloseTo(2.5 / 3, within(1e-15));
        assertThat(Losses.l1Loss(a, b, Reduction.NONE).toDoubleArray()).containsExactly(0.5, 2.0, 0.0);
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void reductionParsesPyTorchSpelling(Reduction r) {
        assertThat(Reduction.of(r.name().toLowerCase())).isEqualTo(r);
    }

    @Test
    void errorsNameTheExpectedFormTheValueAndTheFix() {
        Tensor logits = Tensor.zeros(4, 10);
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.zeros(4, 10)))
                .hasMessage("crossEntropy: target must have shape [N] = [4] of class indices in [0, 10), got shape"
                        + " [4, 10]; pass class indices, not one-hot rows (e.g. target.argmax(1, false))");
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.zeros(3)))
                .hasMessageContaining("got shape [3]")
                .hasMessageContaining("batch sizes differ (4 vs 3)");
        assertThatThrownBy(() -> Losses.nllLoss(logits, Tensor.of(0, 1, 10, 2)))
                .hasMessageContaining("nllLoss: target element 2 is 10, out of range for 10 classes")
                .hasMessageContaining("class indices count from 0");
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.of(0, 1, -1, 2)))
                .hasMessageContaining("target element 2 is -1, out of range");
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.of(0, 0.5, 1, 2)))
                .hasMessageContaining("target element 1 is 0.5, not a whole number");
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.of(0, Double.NaN, 1, 2)))
                .hasMessageContaining("target element 1 is NaN, not a whole number");
        assertThatThrownBy(() -> Losses.crossEntropy(Tensor.zeros(2, 3, 5), Tensor.zeros(2, 3)))
                .hasMessageContaining("[N, d1, ...] = [2, 5]");
        assertThatThrownBy(() -> Losses.crossEntropy(logits, Tensor.zeros(4), Tensor.ones(3), -100, Reduction.MEAN))
                .hasMessageContaining("weight must have shape [C] = [10], one weight per class, got [3]");
        assertThatThrownBy(() -> Losses.mseLoss(Tensor.zeros(4, 1), Tensor.zeros(4)))
                .hasMessageContaining("input and target must have the same shape, got input [4, 1] and target [4]")
                .hasMessageContaining("input.reshape(4)");
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(Tensor.zeros(2), Tensor.zeros(3)))
                .hasMessageContaining("binaryCrossEntropyWithLogits: input and target must have the same shape");
        // a posWeight that would grow the loss's shape ([4] logits, [2, 4] posWeight: 8 losses for 4 labels)
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(Tensor.zeros(4), Tensor.zeros(4),
                Tensor.ones(2, 4), Reduction.NONE))
                .hasMessage("binaryCrossEntropyWithLogits: posWeight must broadcast to the target's shape [4], got"
                        + " posWeight of shape [2, 4]; give one weight per label (the target's last dim, e.g. [4])"
                        + " or a scalar");
        assertThatThrownBy(() -> Losses.binaryCrossEntropyWithLogits(Tensor.zeros(3, 4), Tensor.zeros(3, 4),
                Tensor.ones(3), Reduction.MEAN)).hasMessageContaining("got posWeight of shape [3]");
        assertThat(Losses.binaryCrossEntropyWithLogits(Tensor.zeros(3, 4), Tensor.zeros(3, 4), Tensor.ones(3, 1),
                Reduction.NONE).shape()).containsExactly(3, 4);
        assertThatThrownBy(() -> Reduction.of("average"))
                .hasMessage("reduction must be \"mean\", \"sum\" or \"none\", got \"average\"");
    }
}
