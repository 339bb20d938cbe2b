package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Linear's values, shapes, initialisation and errors; its gradients are checked in ModuleGradCheckTest. */
class LinearTest {

    private static Linear layer(double[][] w, double... b) {
        Linear l = new Linear(w[0].length, w.length, b.length > 0, new Random(0));
        try (var g = Tensor.noGrad()) {
            l.weight().copyFrom(Tensor.of(w));
            if (b.length > 0) {
                l.bias().copyFrom(Tensor.of(b));
            }
        }
        return l;
    }

    @Test
    void computesXTimesWeightTransposedPlusBias() {
        // A = [[1, 2, 3], [4, 5, 6]], b = [0.5, -1]; x = [1, 0, -1]: y = [1 - 3 + 0.5, 4 - 6 - 1] = [-1.5, -3]
        Linear l = layer(new double[][] {{1, 2, 3}, {4, 5, 6}}, 0.5, -1);
        assertThat(l.forward(Tensor.of(new double[][] {{1, 0, -1}, {1, 1, 1}})).toDoubleArray())
                .containsExactly(-1.5, -3, 6.5, 14);
        assertThat(l.weight().shape()).containsExactly(2, 3);
        assertThat(l.bias().shape()).containsExactly(2);
    }

    @Test
    void acceptsAnyLeadingShape() {
        Linear l = new Linear(3, 2, true, new Random(1));
        Tensor x = Tensor.randn(new Generator(2), 4, 5, 3);
        Tensor y = l.forward(x);
        assertThat(y.shape()).containsExactly(4, 5, 2);
        // row (i, j) of the output is the layer applied to row (i, j) of the input
        Tensor row = l.forward(x.select(0, 3).select(0, 1).unsqueeze(0));
        assertThat(y.select(0, 3).select(0, 1).unsqueeze(0).allClose(row, 1e-12, 1e-12)).isTrue();
        assertThat(l.forward(Tensor.of(1, 2, 3)).shape()).containsExactly(2);
        assertThat(l.forward(Tensor.zeros(0, 3)).shape()).containsExactly(0, 2);
    }

    @Test
    void withoutBias() {
        Linear l = layer(new double[][] {{1, 2}});
        assertThat(l.bias()).isNull();
        assertThat(l.namedParameters().keySet()).containsExactly("weight");
        assertThat(l.forward(Tensor.of(3, 4)).toDoubleArray()).containsExactly(11);
        assertThat(l.toString()).isEqualTo("Linear(inFeatures=2, outFeatures=1, bias=false)");
    }

    @Test
    void wrongInputWidthNamesInFeaturesAndTheShape() {
        Linear l = new Linear(784, 10);
        assertThatThrownBy(() -> l.forward(Tensor.zeros(32, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an input of shape [*, 784]")
                .hasMessageContaining("got [32, 28, 28]")
                .hasMessageContaining("28 != 784");
        assertThatThrownBy(() -> l.forward(Tensor.scalar(1))).hasMessageContaining("got []");
        assertThatThrownBy(() -> new Linear(0, 3)).hasMessageContaining("must be positive");
    }

    @Test
    void initialisationIsPyTorchsDefault() {
        // weight and bias ~ U(-1/sqrt(in), 1/sqrt(in)); with in = 400 the bound is 0.05
        Linear l = new Linear(400, 300, true, new Random(42));
        double bound = 1 / Math.sqrt(400);
        double[] w = l.weight().toDoubleArray();
        double[] b = l.bias().toDoubleArray();
        InitTest.assertEvery(w, v -> Math.abs(v) <= bound);
        InitTest.assertEvery(b, v -> Math.abs(v) <= bound);
        // U(-b, b) has variance b^2/3; 120000 samples pin the std to about 0.2%
        assertThat(InitTest.std(w)).isCloseTo(bound / Math.sqrt(3), withinPercentage(1));
        assertThat(InitTest.max(w)).isGreaterThan(0.99 * bound);
        assertThat(InitTest.mean(w)).isCloseTo(0, within(4 * bound / Math.sqrt(3 * w.length)));
    }

    @Test
    void theSameSeedGivesTheSameLayer() {
        Linear a = new Linear(5, 4, true, new Random(7));
        Linear b = new Linear(5, 4, true, new Random(7));
        Linear c = new Linear(5, 4, true, new Random(8));
        assertThat(a.weight().toDoubleArray()).containsExactly(b.weight().toDoubleArray());
        assertThat(a.bias().toDoubleArray()).containsExactly(b.bias().toDoubleArray());
        assertThat(a.weight().toDoubleArray()).isNotEqualTo(c.weight().toDoubleArray());
        Init.manualSeed(3);
        Linear d = new Linear(5, 4);
        Init.manualSeed(3);
        Linear e = new Linear(5, 4);
        assertThat(d.weight().toDoubleArray()).containsExactly(e.weight().toDoubleArray());
    }

    /**
     * The course's point: without an activation between them, two linear layers are one linear layer.
     * y = (x W1^T + b1) W2^T + b2 = x (W2 W1)^T + (W2 b1 + b2), so W = W2 W1 and b = W2 b1 + b2.
     */
    @Test
    void twoLinearLayersWithoutAnActivationAreOneLinearLayer() {
        Linear first = layer(new double[][] {{1, 2}, {0, -1}, {3, 1}}, 1, 0, -2);   // 2 -> 3
        Linear second = layer(new double[][] {{1, 0, 2}, {-1, 1, 1}}, 0.5, 1);      // 3 -> 2
        // W = W2 W1 = [[1*1 + 0*0 + 2*3, 1*2 + 0*(-1) + 2*1], [-1*1 + 1*0 + 1*3, -1*2 + 1*(-1) + 1*1]]
        //           = [[7, 4], [2, -2]]
        // b = W2 b1 + b2 = [1*1 + 0*0 + 2*(-2) + 0.5, -1*1 + 1*0 + 1*(-2) + 1] = [-2.5, -2]
        Tensor w = second.weight().mm(first.weight());
        Tensor b = second.weight().matmul(first.bias()).add(second.bias());
        assertThat(w.toDoubleArray()).containsExactly(7, 4, 2, -2);
        assertThat(b.toDoubleArray()).containsExactly(-2.5, -2);

        Linear collapsed = layer(new double[][] {{7, 4}, {2, -2}}, -2.5, -2);
        Sequential stacked = new Sequential(first, second);
        Tensor x = Tensor.randn(new Generator(11), 5, 2);
        assertThat(stacked.forward(x).allClose(collapsed.forward(x), 1e-12, 1e-12)).isTrue();
        // and for random layers
        Linear l1 = new Linear(4, 6, true, new Random(1));
        Linear l2 = new Linear(6, 3, true, new Random(2));
        Linear one = new Linear(4, 3, true, new Random(3));
        try (var g = Tensor.noGrad()) {
            one.weight().copyFrom(l2.weight().mm(l1.weight()));
            one.bias().copyFrom(l2.weight().matmul(l1.bias()).add(l2.bias()));
        }
        Tensor x2 = Tensor.randn(new Generator(12), 7, 4);
        assertThat(new Sequential(l1, l2).forward(x2).allClose(one.forward(x2), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void gradientsAccumulateIntoWeightAndBias() {
        // L = sum(x A^T + b): dL/dA[j][i] = sum over rows of x[., i], dL/db[j] = number of rows
        Linear l = layer(new double[][] {{1, 2}, {3, 4}}, 0, 0);
        l.forward(Tensor.of(new double[][] {{1, 2}, {3, 5}, {0, 1}})).sum().backward();
        assertThat(l.weight().grad().toDoubleArray()).containsExactly(4, 8, 4, 8);
        assertThat(l.bias().grad().toDoubleArray()).containsExactly(3, 3);
    }
}
