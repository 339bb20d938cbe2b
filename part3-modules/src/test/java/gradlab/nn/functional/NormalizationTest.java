package gradlab.nn.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NormalizationTest {
    private static final double EPS = Normalization.DEFAULT_EPS;

    /** Batch norm in training mode, gradchecked w.r.t. input, weight and bias; [N, C] and [N, C, L] inputs. */
    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void batchNormTrainingPassesGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int n = 1 + Checks.size(r, 3);
        int c = Checks.size(r, 3);
        int[] s = r.nextBoolean() ? new int[] {n, c} : new int[] {n, c, Checks.size(r, 3)};
        Checks.gradcheck(seed, layout,
                in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, EPS),
                Checks.uniform("x", r, -2, 2, s), Checks.uniform("weight", r, 0.5, 2, c),
                Checks.uniform("bias", r, -1, 1, c));
        // running statistics given: same gradient, and they are updated outside the graph
        Tensor runningMean = Tensor.zeros(c);
        Tensor runningVar = Tensor.ones(c);
        Checks.gradcheck(seed, layout,
                in -> Normalization.batchNorm(in[0], runningMean, runningVar, in[1], in[2], true, 0.1, EPS),
                Checks.uniform("x", r, -2, 2, s), Checks.uniform("weight", r, 0.5, 2, c),
                Checks.uniform("bias", r, -1, 1, c));
    }

    /** Eval mode is an affine map per channel (running stats are constants). */
    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void batchNormEvalPassesGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int c = Checks.size(r, 3);
        int[] s = {Checks.size(r, 3), c, Checks.size(r, 3)};
        Tensor runningMean = Tensor.rand(r, c);
        Tensor runningVar = Tensor.rand(r, c).add(0.5);
        Checks.gradcheck(seed, layout,
                in -> Normalization.batchNorm(in[0], runningMean, runningVar, in[1], in[2], false, 0.1, EPS),
                Checks.uniform("x", r, -2, 2, s), Checks.uniform("weight", r, 0.5, 2, c),
                Checks.uniform("bias", r, -1, 1, c));
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void layerNormPassesGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {Checks.size(r, 3), Checks.size(r, 2), 1 + Checks.size(r, 3)};
        boolean lastTwo = r.nextBoolean();
        int[] normalized = lastTwo ? new int[] {s[1], s[2]} : new int[] {s[2]};
        Checks.gradcheck(seed, layout, in -> Normalization.layerNorm(in[0], normalized, in[1], in[2], EPS),
                Checks.uniform("x", r, -2, 2, s), Checks.uniform("weight", r, 0.5, 2, normalized),
                Checks.uniform("bias", r, -1, 1, normalized));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("gradgradSeeds")
    void normsAreTwiceDifferentiable(long seed) {
        Random r = new Random(seed);
        Checks.gradgradcheck(seed, Layout.PERMUTED,
                in -> Normalization.batchNorm(in[0], null, null, in[1], in[2], true, 0.1, EPS),
                Checks.uniform("x", r, -2, 2, 3, 2), Checks.uniform("weight", r, 0.5, 2, 2),
                Checks.uniform("bias", r, -1, 1, 2));
        Checks.gradgradcheck(seed, Layout.STRIDED, in -> Normalization.layerNorm(in[0], new int[] {3}, in[1], in[2], EPS),
                Checks.uniform("x", r, -2, 2, 2, 3), Checks.uniform("weight", r, 0.5, 2, 3),
                Checks.uniform("bias", r, -1, 1, 3));
    }

    static java.util.stream.LongStream gradgradSeeds() {
        return java.util.stream.LongStream.range(0, 4);
    }

    /** Values and running statistics against a plain loop over channels, [N, C, L] input. */
    @Test
    void batchNormMatchesAPlainLoop() {
        Random r = new Random(3);
        int n = 4, c = 3, l = 5;
        Tensor x = Tensor.randn(r, n, c, l).mul(2).add(1);
        Tensor w = Tensor.of(0.5, 1.5, -1.0);
        Tensor b = Tensor.of(0.1, 0.0, -0.3);
        Tensor runningMean = Tensor.of(0.2, -0.1, 0.0);
        Tensor runningVar = Tensor.of(1.0, 2.0, 0.5);
        Tensor y = Normalization.batchNorm(x, runningMean, runningVar, w, b, true, 0.1, EPS);
        double[] rm = {0.2, -0.1, 0.0};
        double[] rv = {1.0, 2.0, 0.5};
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < l; j++) {
                    sum += x.get(i, ch, j);
                }
            }
            double mean = sum / (n * l);
            double sq = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < l; j++) {
                    sq += Math.pow(x.get(i, ch, j) - mean, 2);
                }
            }
            double biased = sq / (n * l);
            double unbiased = sq / (n * l - 1);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < l; j++) {
                    double expected = (x.get(i, ch, j) - mean) / Math.sqrt(biased + EPS) * w.get(ch) + b.get(ch);
                    assertThat(y.get(i, ch, j)).isCloseTo(expected, within(1e-12));
                }
            }
            assertThat(runningMean.get(ch)).isCloseTo(0.9 * rm[ch] + 0.1 * mean, within(1e-14));
            assertThat(runningVar.get(ch)).isCloseTo(0.9 * rv[ch] + 0.1 * unbiased, within(1e-14));
        }
        // eval mode uses the (now updated) running statistics
        Tensor e = Normalization.batchNorm(x, runningMean, runningVar, w, b, false, 0.1, EPS);
        double expected = (x.get(1, 2, 3) - runningMean.get(2)) / Math.sqrt(runningVar.get(2) + EPS) * w.get(2) + b.get(2);
        assertThat(e.get(1, 2, 3)).isCloseTo(expected, within(1e-12));
    }

    /** Per channel the output has mean 0 and (biased) variance 1 - eps/(var + eps) before the affine step. */
    @Test
    void batchNormStandardisesEachChannel() {
        Tensor x = Tensor.randn(new Random(5), 64, 3).mul(Tensor.of(1.0, 10.0, 0.1)).add(Tensor.of(5.0, -3.0, 0.0));
        Tensor y = Normalization.batchNorm(x, null, null, null, null, true, 0.1, EPS);
        for (int ch = 0; ch < 3; ch++) {
            Tensor col = y.select(1, ch);
            assertThat(col.mean().item()).isCloseTo(0.0, within(1e-12));
            assertThat(Normalization.biasedVar(col, new int[] {0}).item()).isCloseTo(1.0, within(2e-3));
        }
    }

    @Test
    void runningStatsDoNotRequireGradAndAreNotInTheGraph() {
        Tensor x = Tensor.randn(new Random(1), 5, 2).requiresGrad(true);
        Tensor rm = Tensor.zeros(2);
        Tensor rv = Tensor.ones(2);
        Normalization.batchNorm(x, rm, rv, null, null, true, 0.1, EPS).sum().backward();
        assertThat(rm.requiresGrad()).isFalse();
        assertThat(rv.requiresGrad()).isFalse();
        assertThat(x.grad()).isNotNull();
    }

    @Test
    void layerNormMatchesAPlainLoop() {
        Random r = new Random(4);
        Tensor x = Tensor.randn(r, 3, 4).mul(3);
        Tensor w = Tensor.randn(r, 4);
        Tensor b = Tensor.randn(r, 4);
        Tensor y = Normalization.layerNorm(x, new int[] {4}, w, b, EPS);
        for (int i = 0; i < 3; i++) {
            double mean = 0;
            for (int j = 0; j < 4; j++) {
                mean += x.get(i, j) / 4;
            }
            double var = 0;
            for (int j = 0; j < 4; j++) {
                var += Math.pow(x.get(i, j) - mean, 2) / 4;
            }
            for (int j = 0; j < 4; j++) {
                double expected = (x.get(i, j) - mean) / Math.sqrt(var + EPS) * w.get(j) + b.get(j);
                assertThat(y.get(i, j)).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void shapeErrorsNameTheExpectedForm() {
        Tensor x = Tensor.zeros(4, 3);
        assertThatThrownBy(() -> Normalization.batchNorm(Tensor.zeros(3), null, null, null, null, true, 0.1, EPS))
                .hasMessageContaining("expected input of shape [N, C] or [N, C, L], got [3]")
                .hasMessageContaining("unsqueeze(0)");
        assertThatThrownBy(() -> Normalization.batchNorm(x, null, null, Tensor.ones(5), null, true, 0.1, EPS))
                .hasMessageContaining("weight must have shape [C] = [3]")
                .hasMessageContaining("got [5]");
        assertThatThrownBy(() -> Normalization.batchNorm(Tensor.zeros(1, 3), null, null, null, null, true, 0.1, EPS))
                .hasMessageContaining("more than 1 value per channel when training, got input of shape [1, 3]");
        assertThatThrownBy(() -> Normalization.batchNorm(x, Tensor.zeros(3), null, null, null, true, 0.1, EPS))
                .hasMessageContaining("both runningMean and runningVar or neither");
        assertThatThrownBy(() -> Normalization.layerNorm(x, new int[] {4}, null, null, EPS))
                .hasMessageContaining("last dims must equal normalizedShape [4], got input of shape [4, 3]")
                .hasMessageContaining("e.g. [3]");
        assertThatThrownBy(() -> Normalization.layerNorm(x, new int[] {3}, Tensor.ones(4), null, EPS))
                .hasMessageContaining("weight must have normalizedShape [3], got [4]");
    }
}
