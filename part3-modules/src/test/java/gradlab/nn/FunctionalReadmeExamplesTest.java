package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import gradlab.nn.functional.Activations;
import gradlab.nn.functional.GeluApproximation;
import gradlab.nn.functional.InvertedDropout;
import gradlab.nn.functional.Losses;
import gradlab.nn.loss.CrossEntropyLoss;
import gradlab.tensor.Tensor;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The code of part3-modules' section "Activations, dropout, normalisation and losses", with the results it states. */
class FunctionalReadmeExamplesTest {

    @Test
    void activations() {
        Tensor x = Tensor.of(-1.0, 0.0, 1.0);
        Tensor exact = Activations.gelu(x);                                 // x/2 (1 + erf(x/sqrt 2)) = [-0.158655, 0, 0.841345]
        Tensor approx = Activations.gelu(x, GeluApproximation.TANH);        // [-0.158808, 0, 0.841192]
        Sequential net = new Sequential(new Linear(2, 8), new GELU(), new Linear(8, 1));

        assertThat(exact.toDoubleArray()).containsExactly(new double[] {-0.158655, 0, 0.841345}, within(1e-6));
        assertThat(approx.toDoubleArray()).containsExactly(new double[] {-0.158808, 0, 0.841192}, within(1e-6));
        assertThat(net.forward(Tensor.ones(3, 2)).shape()).containsExactly(3, 1);
    }

    @Test
    void dropout() {
        Tensor x = Tensor.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0);
        Tensor mask = Tensor.of(1.0, 0.0, 1.0, 1.0, 0.0, 1.0);
        Tensor y = InvertedDropout.dropout(x, mask, 0.5);      // [2, 0, 6, 8, 0, 12]: kept units times 1/(1 - 0.5)
        Dropout layer = new Dropout(0.5, 42);                  // seeded: the same seed draws the same masks
        Tensor train = layer.forward(x);                       // about half zeroed, the rest doubled
        layer.eval();
        Tensor test = layer.forward(x);                        // x itself

        assertThat(y.toDoubleArray()).containsExactly(2, 0, 6, 8, 0, 12);
        for (int i = 0; i < 6; i++) {
            assertThat(train.get(i)).isIn(0.0, 2 * x.get(i));
        }
        assertThat(train.toDoubleArray()).containsExactly(new Dropout(0.5, 42).forward(x).toDoubleArray());
        assertThat(test).isSameAs(x);
    }

    @Test
    void batchNorm() {
        BatchNorm1d bn = new BatchNorm1d(1);
        Tensor out = bn.forward(Tensor.of(new int[] {4, 1}, 1, 2, 3, 6));  // mean 3, biased var 3.5: (x - 3) / sqrt(3.5 + 1e-5)
        double runningMean = bn.runningMean().item();                        // 0.9 * 0 + 0.1 * 3 = 0.3
        double runningVar = bn.runningVar().item();                          // 0.9 * 1 + 0.1 * 14/3 = 1.366667 (unbiased)
        Set<String> keys = bn.stateDict().keySet();  // [weight, bias, running_mean, running_var, num_batches_tracked]

        assertThat(out.get(3, 0)).isCloseTo(3 / Math.sqrt(3.5 + 1e-5), within(1e-14));
        assertThat(runningMean).isCloseTo(0.3, within(1e-15));
        assertThat(runningVar).isCloseTo(1.366667, within(1e-6));
        assertThat(keys).containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
    }

    @Test
    void losses() {
        Tensor logits = Tensor.of(new double[][] {{2.0, 1.0, 0.1}}).requiresGrad(true);
        Tensor target = Tensor.of(0);                                      // class indices, as whole numbers
        Tensor loss = new CrossEntropyLoss().forward(logits, target);      // -log(e^2 / (e^2 + e^1 + e^0.1)) = 0.417030
        loss.backward();                                                   // logits.grad() = softmax - onehot = [-0.340999, 0.242433, 0.098566]

        assertThat(loss.item()).isCloseTo(0.417030, within(1e-6));
        assertThat(logits.grad().toDoubleArray())
                .containsExactly(new double[] {-0.340999, 0.242433, 0.098566}, within(1e-6));
    }

    @Test
    void errorMessages() {
        assertThatThrownBy(() -> Losses.crossEntropy(Tensor.zeros(4, 10), Tensor.zeros(4, 10)))
                .hasMessage("crossEntropy: target must have shape [N] = [4] of class indices in [0, 10), got shape"
                        + " [4, 10]; pass class indices, not one-hot rows (e.g. target.argmax(1, false))");
        assertThatThrownBy(() -> Losses.mseLoss(Tensor.zeros(4, 1), Tensor.zeros(4)))
                .hasMessage("mseLoss: input and target must have the same shape, got input [4, 1] and target [4];"
                        + " broadcasting them would silently compare every input with every target (the [N, 1] vs"
                        + " [N] bug): reshape one to match, e.g. input.reshape(4)");
    }
}
