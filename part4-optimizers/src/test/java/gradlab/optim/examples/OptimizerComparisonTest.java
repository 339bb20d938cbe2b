package gradlab.optim.examples;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.optim.examples.OptimizerComparison.Run;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The claims of OptimizerComparison's Javadoc, as numbers, and the PNG it writes. */
class OptimizerComparisonTest {
    private static List<Run> quadratic;
    private static List<Run> rosenbrock;

    @BeforeAll
    static void runBoth() {
        quadratic = OptimizerComparison.runQuadratic();
        rosenbrock = OptimizerComparison.runRosenbrock();
    }

    @Test
    void onTheIllConditionedQuadraticSgdZigZagsAndTheOthersGetThere() {
        Run sgd = quadratic.get(0);
        assertThat(sgd.ySignChanges()).as("SGD's y flips sign at every step").isEqualTo(OptimizerComparison.QUADRATIC_STEPS);
        assertThat(sgd.finalLoss()).as("SGD, still crawling along x").isGreaterThan(2e-3);
        assertThat(Math.abs(sgd.finalPoint()[0])).isGreaterThan(0.05);
        for (Run r : quadratic.subList(1, 4)) {
            assertThat(r.finalLoss()).as(r.label()).isLessThan(3e-4);
        }
        assertThat(quadratic.get(2).ySignChanges()).as("RMSprop approaches y = 0 without overshooting").isZero();
    }

    @Test
    void onRosenbrockSgdStallsInTheValleyMomentumAndAdamReachTheMinimum() {
        Run sgd = rosenbrock.get(0);
        Run momentum = rosenbrock.get(1);
        Run rmsprop = rosenbrock.get(2);
        Run adam = rosenbrock.get(3);
        assertThat(sgd.finalLoss()).as("SGD").isGreaterThan(1e-2);
        assertThat(sgd.finalPoint()[0]).as("SGD is still far from x = 1").isLessThan(0.9);
        for (Run r : List.of(momentum, adam)) {
            assertThat(r.finalLoss()).as(r.label()).isLessThan(1e-10);
            assertThat(Math.hypot(r.finalPoint()[0] - 1, r.finalPoint()[1] - 1)).as(r.label()).isLessThan(1e-4);
        }
        assertThat(rmsprop.finalLoss()).as("RMSprop: 10x better than SGD, not there").isLessThan(sgd.finalLoss() / 10)
                .isGreaterThan(1e-4);
    }

    @Test
    void itWritesAPngOfThePathsAndLosses(@TempDir Path dir) throws Exception {
        Path file = OptimizerComparison.writePlot(quadratic, rosenbrock, dir);
        assertThat(file).exists();
        assertThat(Files.size(file)).isGreaterThan(10_000);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(1400);
        assertThat(image.getHeight()).isEqualTo(1000);
    }
}
