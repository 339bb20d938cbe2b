package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.gradcheck.Input;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BatchNorm1dTest {

    private static void randomiseAffine(BatchNorm1d bn, Random r) {
        try (var g = Tensor.noGrad()) {
            bn.weight().copyFrom(Tensor.rand(r, bn.weight().shape()).add(0.5));
            bn.bias().copyFrom(Tensor.randn(r, bn.bias().shape()));
        }
    }

    @Test
    void stateDictKeysAreTorchs() {
        BatchNorm1d bn = new BatchNorm1d(3);
        assertThat(bn.stateDict().keySet())
                .containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
        assertThat(bn.namedParameters().keySet()).containsExactly("weight", "bias");
        assertThat(bn.weight().toDoubleArray()).containsExactly(1, 1, 1);
        assertThat(bn.bias().toDoubleArray()).containsExactly(0, 0, 0);
        assertThat(new BatchNorm1d(3, 1e-5, 0.1, false, false).stateDict()).isEmpty();
        assertThat(new Sequential(new BatchNorm1d(2)).stateDict().keySet()).contains("0.running_var");
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.ActivationModulesTest#cases")
    void trainingModePassesGradcheckInInputWeightAndBias(long seed, Layout layout) {
        Random r = new Random(seed);
        int c = 1 + r.nextInt(3);
        int[] s = r.nextBoolean() ? new int[] {2 + r.nextInt(3), c} : new int[] {1 + r.nextInt(3), c, 2 + r.nextInt(2)};
        BatchNorm1d bn = new BatchNorm1d(c);
        randomiseAffine(bn, r);
        ModuleChecks.gradcheck(seed, layout, bn, Input.uniform("x", r, -2, 2, s));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "seed {0}")
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1, 2})
    void trainingModeIsTwiceDifferentiable(long seed) {
        Random r = new Random(seed);
        BatchNorm1d bn = new BatchNorm1d(2);
        randomiseAffine(bn, r);
        ModuleChecks.gradgradcheck(seed, Layout.PERMUTED, bn, Input.uniform("x", r, -2, 2, 3, 2));
        LayerNorm ln = new LayerNorm(3);
        ModuleChecks.gradgradcheck(seed, Layout.STRIDED, ln, Input.uniform("x", r, -2, 2, 2, 3));
    }

    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.ActivationModulesTest#cases")
    void evalModePassesGradcheck(long seed, Layout layout) {
        Random r = new Random(seed);
        BatchNorm1d bn = new BatchNorm1d(3);
        randomiseAffine(bn, r);
        bn.forward(Tensor.randn(r, 8, 3));              // move the running statistics off 0 and 1
        bn.eval();
        ModuleChecks.gradcheck(seed, layout, bn, Input.uniform("x", r, -2, 2, 1 + r.nextInt(3), 3));
    }

    /**
     * Two training steps by hand, C = 1: batch [1, 2, 3, 6] has mean 3, biased var 3.5, unbiased var 14/3.
     * running_mean = 0.9 * 0 + 0.1 * 3 = 0.3;  running_var = 0.9 * 1 + 0.1 * 14/3 = 1.366666...
     * Second batch [0, 0, 0, 4]: mean 1, unbiased var 4: running_mean = 0.27 + 0.1 = 0.37, running_var = 1.23 + 0.4
     * = 1.63 (+ 0.9 * 0.1 * 14/3 * ... all in double below). num_batches_tracked = 2. Eval then uses them.
     */
    @Test
    void runningStatisticsFollowPyTorchsUpdate() {
        BatchNorm1d bn = new BatchNorm1d(1);
        Tensor y = bn.forward(Tensor.of(new int[] {4, 1}, 1, 2, 3, 6));
        assertThat(y.get(0, 0)).isCloseTo((1 - 3) / Math.sqrt(3.5 + 1e-5), within(1e-14));
        assertThat(bn.runningMean().item()).isCloseTo(0.3, within(1e-15));
        assertThat(bn.runningVar().item()).isCloseTo(0.9 + 0.1 * 14.0 / 3, within(1e-15));
        bn.forward(Tensor.of(new int[] {4, 1}, 0, 0, 0, 4));
        double rm = 0.9 * 0.3 + 0.1 * 1;
        double rv = 0.9 * (0.9 + 0.1 * 14.0 / 3) + 0.1 * 4;
        assertThat(bn.runningMean().item()).isCloseTo(rm, within(1e-15));
        assertThat(bn.runningVar().item()).isCloseTo(rv, within(1e-15));
        assertThat(bn.stateDict().get("num_batches_tracked").item()).isEqualTo(2.0);
        bn.eval();
        Tensor e = bn.forward(Tensor.of(new int[] {1, 1}, 5));
        assertThat(e.item()).isCloseTo((5 - rm) / Math.sqrt(rv + 1e-5), within(1e-14));
        assertThat(bn.stateDict().get("num_batches_tracked").item()).isEqualTo(2.0);   // eval does not count
    }

    @Test
    void stateDictRoundTripRestoresRunningStatistics() {
        BatchNorm1d trained = new BatchNorm1d(2);
        trained.forward(Tensor.randn(new Random(1), 6, 2).mul(3).add(1));
        BatchNorm1d fresh = new BatchNorm1d(2);
        fresh.loadStateDict(trained.stateDict());
        trained.eval();
        fresh.eval();
        Tensor x = Tensor.randn(new Random(2), 3, 2);
        assertThat(fresh.forward(x).toDoubleArray()).containsExactly(trained.forward(x).toDoubleArray());
        Map<String, Tensor> sd = fresh.stateDict();
        assertThat(sd.get("running_mean").toDoubleArray()).isNotEqualTo(new double[] {0, 0});
    }

    @Test
    void errorsNameTheFix() {
        BatchNorm1d bn = new BatchNorm1d(3);
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(4, 5)))
                .hasMessageContaining("expected input with 3 features")
                .hasMessageContaining("got input of shape [4, 5]")
                .hasMessageContaining("BatchNorm1d(5)");
        assertThatThrownBy(() -> bn.forward(Tensor.zeros(1, 3)))
                .hasMessageContaining("more than 1 value per channel when training");
        assertThat(bn.stateDict().get("num_batches_tracked").item()).isEqualTo(0.0);   // failed forward not counted
        assertThatThrownBy(() -> new BatchNorm1d(0)).hasMessageContaining("numFeatures must be >= 1");
        bn.eval();
        assertThat(bn.forward(Tensor.zeros(1, 3)).toDoubleArray()).hasSize(3);      // one example is fine in eval
    }
}
