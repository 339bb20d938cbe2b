package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.Input;
import gradlab.tensor.Tensor;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DropoutTest {

    @Test
    void dropsInTrainingAndIsTheIdentityInEval() {
        Tensor x = Tensor.ones(4, 25);
        Dropout d = new Dropout(0.4, 3);
        double[] y = d.forward(x).toDoubleArray();
        long zeros = java.util.Arrays.stream(y).filter(v -> v == 0).count();
        assertThat(zeros).isBetween(20L, 60L);                           // about 0.4 * 100
        for (double v : y) {
            assertThat(v == 0 || Math.abs(v - 1 / 0.6) < 1e-14).as("%s is 0 or 1/(1-p)", v).isTrue();
        }
        d.eval();
        assertThat(d.forward(x)).isSameAs(x);
        d.train();
        assertThat(d.forward(x).toDoubleArray()).contains(0.0);
    }

    /** eval() on the model reaches the Dropout inside it. */
    @Test
    void followsTheModelsMode() {
        Dropout d = new Dropout(0.5, 1);
        Sequential model = new Sequential(new ReLU(), d);
        model.eval();
        assertThat(d.isTraining()).isFalse();
        Tensor x = Tensor.of(1.0, 2.0, 3.0);
        assertThat(model.forward(x).toDoubleArray()).containsExactly(1.0, 2.0, 3.0);
    }

    @Test
    void sameSeedSameMasks() {
        Tensor x = Tensor.ones(40);
        Dropout a = new Dropout(0.5, 9);
        Dropout b = new Dropout(0.5, 9);
        for (int step = 0; step < 3; step++) {
            assertThat(a.forward(x).toDoubleArray()).containsExactly(b.forward(x).toDoubleArray());
        }
        assertThat(new Dropout(0.5, 9).forward(x).toDoubleArray())
                .isNotEqualTo(new Dropout(0.5, 10).forward(x).toDoubleArray());
    }

    /**
     * Without a seed the masks come from the default generator, which Init.manualSeed reseeds (as
     * torch.manual_seed does for nn.Dropout): the same seed replays the same masks, even for a layer built before.
     */
    @Test
    void withoutASeedManualSeedReplaysTheMasks() {
        Tensor x = Tensor.ones(64);
        Dropout d = new Dropout(0.5);
        Init.manualSeed(21);
        double[] first = d.forward(x).toDoubleArray();
        double[] second = d.forward(x).toDoubleArray();
        assertThat(second).isNotEqualTo(first);                        // a fresh mask each forward
        Init.manualSeed(21);
        assertThat(d.forward(x).toDoubleArray()).containsExactly(first);
        assertThat(d.forward(x).toDoubleArray()).containsExactly(second);
        Init.manualSeed(21);
        assertThat(new Dropout(0.5).forward(x).toDoubleArray()).containsExactly(first);
        assertThatThrownBy(() -> new Dropout(0.5, (Random) null)).hasMessageContaining("use new Dropout(p)");
        assertThatThrownBy(() -> new Dropout(-0.1)).hasMessageContaining("got p = -0.1");
    }

    /** A fresh layer with the same seed per call draws the same mask: then dropout is a function, and gradchecks. */
    @ParameterizedTest(name = "seed {0}, {1}")
    @MethodSource("gradlab.nn.ActivationModulesTest#cases")
    void passesGradcheckWithItsMaskHeldFixed(long seed, Layout layout) {
        Random r = new Random(seed);
        int[] s = {1 + r.nextInt(3), 1 + r.nextInt(4)};
        double p = 0.1 + 0.8 * r.nextDouble();
        var f = TensorGradCheck.of(in -> new Dropout(p, seed).forward(in[0]), s).layout(layout);
        GradCheck.assertCorrect(f, Input.uniform("x", r, -2, 2, s));
    }

    @Test
    void badProbabilityIsAnError() {
        assertThatThrownBy(() -> new Dropout(1.2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("p must be in [0, 1], got p = 1.2");
        assertThat(new Dropout(0.25, 1).toString()).isEqualTo("Dropout(p=0.25)");
    }
}
