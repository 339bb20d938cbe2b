package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.nn.Init.FanMode;
import gradlab.nn.Init.Nonlinearity;
import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Init's formulas against PyTorch's (torch.nn.init, 1.13): gains, fans, and the bounds and statistics of each
 * distribution at n = 100,000 samples, where the sample std is within about 0.5% of the true one.
 */
class InitTest {
    static final int OUT = 250;
    static final int IN = 400;

    @Test
    void gainsArePyTorchs() {
        // values printed by torch.nn.init.calculate_gain
        assertThat(Init.calculateGain(Nonlinearity.LINEAR)).isEqualTo(1);
        assertThat(Init.calculateGain(Nonlinearity.SIGMOID)).isEqualTo(1);
        assertThat(Init.calculateGain(Nonlinearity.TANH)).isCloseTo(1.6666666666666667, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.RELU)).isCloseTo(1.4142135623730951, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.SELU)).isEqualTo(0.75);
        assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU)).isCloseTo(1.4141428569978354, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.2)).isCloseTo(1.3867504905630728, within(1e-15));
        assertThat(Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5))).isCloseTo(0.5773502691896257,
                within(1e-15));
    }

    @Test
    void fansFollowPyTorchsConvention() {
        // torch.nn.init._calculate_fan_in_and_fan_out(torch.empty(4, 3, 5, 2)) == (30, 40)
        Tensor conv = Tensor.zeros(4, 3, 5, 2);
        assertThat(Init.fanIn(conv)).isEqualTo(30);
        assertThat(Init.fanOut(conv)).isEqualTo(40);
        Tensor linear = Tensor.zeros(7, 11);
        assertThat(Init.fanIn(linear)).isEqualTo(11);
        assertThat(Init.fanOut(linear)).isEqualTo(7);
        assertThatThrownBy(() -> Init.fanIn(Tensor.zeros(5))).hasMessageContaining("[5]")
                .hasMessageContaining("at least 2 dims");
        assertThatThrownBy(() -> Init.xavierUniform(Tensor.zeros(5))).hasMessageContaining("shape [5]")
                .hasMessageContaining("fill a 1-D tensor such as a bias with uniform(t, -b, b)");
        assertThatThrownBy(() -> Init.uniform(Tensor.zeros(2), 1, -1, new Random(0)))
                .hasMessageContaining("got low=1.0 high=-1.0; swap them");
        assertThatThrownBy(() -> Init.uniform(Tensor.zeros(2), Double.NEGATIVE_INFINITY, 1, new Random(0)))
                .hasMessageContaining("(both finite numbers), got low=-Infinity");
    }

    @Test
    void uniformAndNormal() {
        double[] u = Init.uniform(Tensor.zeros(OUT, IN), -2, 3, new Random(1)).toDoubleArray();
        assertEvery(u, v -> v >= -2 && v < 3);
        assertThat(mean(u)).isCloseTo(0.5, within(4 * 5 / Math.sqrt(12 * u.length)));
        assertThat(std(u)).isCloseTo(5 / Math.sqrt(12), within(0.01 * 5 / Math.sqrt(12)));
        double[] n = Init.normal(Tensor.zeros(OUT, IN), 1.5, 0.2, new Random(2)).toDoubleArray();
        assertThat(mean(n)).isCloseTo(1.5, within(4 * 0.2 / Math.sqrt(n.length)));
        assertThat(std(n)).isCloseTo(0.2, within(0.01 * 0.2));
    }

    @Test
    void constantsAndZeros() {
        assertThat(Init.constant(Tensor.ones(2, 3), 0.25).toDoubleArray()).containsOnly(0.25);
        assertThat(Init.zeros(Tensor.ones(4)).toDoubleArray()).containsOnly(0);
        Parameter p = new Parameter(Tensor.zeros(2));
        assertThat(Init.ones(p).toDoubleArray()).containsOnly(1);
        assertThat(p.requiresGrad()).isTrue();
    }

    @Test
    void xavier() {
        double gain = Init.calculateGain(Nonlinearity.TANH);
        double bound = gain * Math.sqrt(6.0 / (IN + OUT));
        double[] u = Init.xavierUniform(Tensor.zeros(OUT, IN), gain, new Random(3)).toDoubleArray();
        assertEvery(u, v -> Math.abs(v) <= bound);
        assertThat(max(u)).isGreaterThan(0.999 * bound);
        assertThat(std(u)).isCloseTo(bound / Math.sqrt(3), within(0.01 * bound / Math.sqrt(3)));
        double s = Math.sqrt(2.0 / (IN + OUT));
        double[] n = Init.xavierNormal(Tensor.zeros(OUT, IN), 1.0, new Random(4)).toDoubleArray();
        assertThat(mean(n)).isCloseTo(0, within(4 * s / Math.sqrt(n.length)));
        assertThat(std(n)).isCloseTo(s, within(0.01 * s));
    }

    @Test
    void kaiming() {
        // relu, fan in: std = sqrt(2 / fanIn); fan out uses OUT instead
        double sIn = Math.sqrt(2.0 / IN);
        double[] n = Init.kaimingNormal(Tensor.zeros(OUT, IN), 0, FanMode.FAN_IN, Nonlinearity.RELU, new Random(5))
                .toDoubleArray();
        assertThat(std(n)).isCloseTo(sIn, within(0.01 * sIn));
        assertThat(mean(n)).isCloseTo(0, within(4 * sIn / Math.sqrt(n.length)));
        double sOut = Math.sqrt(2.0 / OUT);
        double[] u = Init.kaimingUniform(Tensor.zeros(OUT, IN), 0, FanMode.FAN_OUT, Nonlinearity.RELU, new Random(6))
                .toDoubleArray();
        assertEvery(u, v -> Math.abs(v) <= Math.sqrt(3) * sOut);
        assertThat(std(u)).isCloseTo(sOut, within(0.01 * sOut));
        // PyTorch's Linear: a = sqrt(5) gives the bound 1/sqrt(fanIn) exactly
        double[] lin = Init.kaimingUniform(Tensor.zeros(OUT, IN), Math.sqrt(5), FanMode.FAN_IN,
                Nonlinearity.LEAKY_RELU, new Random(7)).toDoubleArray();
        assertThat(max(lin)).isLessThanOrEqualTo(1 / Math.sqrt(IN)).isGreaterThan(0.999 / Math.sqrt(IN));
    }

    @Test
    void defaultsDrawFromTheSeededDefaultGenerator() {
        Init.manualSeed(11);
        double[] a = Init.kaimingUniform(Tensor.zeros(3, 4)).toDoubleArray();
        Init.manualSeed(11);
        double[] b = Init.kaimingUniform(Tensor.zeros(3, 4)).toDoubleArray();
        assertThat(a).containsExactly(b);
        assertThat(Init.xavierNormal(Tensor.zeros(3, 4)).toDoubleArray()).isNotEqualTo(a);
    }

    @Test
    void fillsNonContiguousViewsAndParametersInPlace() {
        Tensor base = Tensor.zeros(4, 6);
        Tensor view = base.t();                       // [6, 4], strides (1, 6)
        Init.constant(view.narrow(0, 0, 2), 9);       // columns 0 and 1 of base
        assertThat(base.select(1, 1).toDoubleArray()).containsOnly(9);
        assertThat(base.select(1, 2).toDoubleArray()).containsOnly(0);
        Parameter p = new Parameter(Tensor.zeros(10, 10));
        Init.xavierUniform(p, 1, new Random(1));
        assertThat(p.isLeaf()).isTrue();
        assertThat(p.gradFn()).isNull();
        assertThat(max(p.toDoubleArray())).isGreaterThan(0);
    }

    /** Fails naming the first sample that breaks {@code bound}. */
    static void assertEvery(double[] v, java.util.function.DoublePredicate bound) {
        for (int i = 0; i < v.length; i++) {
            if (!bound.test(v[i])) {
                throw new AssertionError("sample " + i + " = " + v[i] + " is outside the bounds");
            }
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }
}
