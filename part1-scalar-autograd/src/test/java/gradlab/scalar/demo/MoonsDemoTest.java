package gradlab.scalar.demo;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.scalar.nn.MLP;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MoonsDemoTest {

    @Test
    void twoMoonsAreBalancedAndSeeded() {
        TwoMoons a = TwoMoons.generate(100, 0.1, 42);
        TwoMoons b = TwoMoons.generate(100, 0.1, 42);
        assertThat(a.points()).isDeepEqualTo(b.points());
        assertThat(java.util.Arrays.stream(a.labels()).filter(y -> y == 1).count()).isEqualTo(50);
        assertThat(java.util.Arrays.stream(a.labels()).filter(y -> y == -1).count()).isEqualTo(50);
    }

    /** The demo's claim: plain gradient descent on Values separates the moons completely. */
    @Test
    void trainingReachesFullTrainingAccuracy() {
        MoonsDemo.Result result = MoonsDemo.train(TwoMoons.generate(100, 0.1, 42),
                new MLP(2, new int[] {16, 16, 1}, new Random(1337)), false);
        assertThat(result.accuracy()).isEqualTo(1.0);
        assertThat(result.steps()).isLessThan(MoonsDemo.MAX_STEPS);
        assertThat(result.loss()).isLessThan(0.1);
    }
}
