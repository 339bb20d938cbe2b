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
import org.junit.jupiter.params.provider.ValueSource;

class InvertedDropoutTest {
    private static final Tensor X = Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
    private static final Tensor MASK = Tensor.of(1.0, 0.0, 1.0, 1.0, 0.0, 1.0);

    /**
     * p = 0.5: kept units are scaled by 1 / (1 - 0.5) = 2.
     * x * m = [1, 0, 3, 4, 0, 6]  ->  y = [2, 0, 6, 8, 0, 12].
     */
    @Test
    void courseExampleHalf() {
        Tensor y = InvertedDropout.dropout(X, MASK, 0.5);
        assertThat(y.toDoubleArray()).containsExactly(2.0, 0.0, 6.0, 8.0, 0.0, 12.0);
    }

    /**
     * p = 0.4: scale 1 / (1 - 0.4) = 1 / 0.6 = 5/3.
     * x * m = [1, 0, 3, 4, 0, 6]  ->  y = [5/3, 0, 5, 20/3, 0, 10] = [1.667, 0, 5, 6.667, 0, 10].
     */
    @Test
    void courseExampleFourTenths() {
        double[] y = InvertedDropout.dropout(X, MASK, 0.4).toDoubleArray();
        double[] expected = {5.0 / 3, 0, 5, 20.0 / 3, 0, 10};
        for (int i = 0; i < y.length; i++) {
            assertThat(y[i]).as("y[%d]", i).isCloseTo(expected[i], within(1e-14));
        }
    }

    /** At eval time dropout is the identity: the very same tensor comes back, whatever p. */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.4, 0.5, 0.9, 1.0})
    void identityAtEvalTime(double p) {
        assertThat(InvertedDropout.dropout(X, p, false, new Random(1))).isSameAs(X);
    }

    @Test
    void probabilityOneGivesZerosAndZeroIsIdentity() {
        assertThat(InvertedDropout.dropout(X, 1.0, true, new Random(1)).toDoubleArray()).containsOnly(0.0);
        assertThat(InvertedDropout.dropout(X, 0.0, true, new Random(1)).toDoubleArray())
                .containsExactly(X.toDoubleArray());
    }

    /** The training draw keeps a fraction 1 - p and keeps the mean: E[y] = x (that is what the 1/(1-p) is for). */
    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.8})
    void keepsAboutOneMinusPAndPreservesTheMean(double p) {
        Tensor ones = Tensor.ones(100_000);
        Tensor y = InvertedDropout.dropout(ones, p, true, new Random(42));
        double kept = y.gt(0.0).sum().item() / 100_000;
        assertThat(kept).isCloseTo(1 - p, within(0.01));
        assertThat(y.mean().item()).isCloseTo(1.0, within(0.03));
        for (double v : y.toDoubleArray()) {
            assertThat(v == 0 || Math.abs(v - 1 / (1 - p)) < 1e-12).as("%s is 0 or 1/(1-p)", v).isTrue();
        }
    }

    @Test
    void sameSeedSameMask() {
        Tensor a = InvertedDropout.dropout(Tensor.ones(50), 0.5, true, new Random(7));
        Tensor b = InvertedDropout.dropout(Tensor.ones(50), 0.5, true, new Random(7));
        Tensor c = InvertedDropout.dropout(Tensor.ones(50), 0.5, true, new Random(8));
        assertThat(a.toDoubleArray()).containsExactly(b.toDoubleArray());
        assertThat(a.toDoubleArray()).isNotEqualTo(c.toDoubleArray());
    }

    /** With the mask fixed dropout is a function: dy/dx = m / (1 - p). */
    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.functional.Checks#seedsAndLayouts")
    void passesGradcheckWithAFixedMask(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {Checks.size(r, 4), Checks.size(r, 5)};
        double p = 0.1 + 0.8 * r.nextDouble();
        Tensor mask = InvertedDropout.keepMask(r, p, s);
        Checks.gradcheck(seed, layout, in -> InvertedDropout.dropout(in[0], mask, p), Checks.uniform("x", r, -2, 2, s));
    }

    @Test
    void gradientIsTheScaledMask() {
        Tensor x = X.clone().requiresGrad(true);
        InvertedDropout.dropout(x, MASK, 0.5).sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(2.0, 0.0, 2.0, 2.0, 0.0, 2.0);
    }

    @Test
    void badProbabilityIsAnErrorNamingP() {
        assertThatThrownBy(() -> InvertedDropout.dropout(X, 1.5, true, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p must be in [0, 1], got p = 1.5");
        assertThatThrownBy(() -> InvertedDropout.dropout(X, -0.1, false, new Random(1)))
                .hasMessageContaining("got p = -0.1");
        assertThatThrownBy(() -> InvertedDropout.dropout(X, Double.NaN, true, new Random(1)))
                .hasMessageContaining("got p = NaN");
        assertThatThrownBy(() -> InvertedDropout.dropout(X, Tensor.full(0.5, 6), 0.5))
                .hasMessageContaining("only 0 (drop) and 1 (keep), got 0.5");
    }
}
