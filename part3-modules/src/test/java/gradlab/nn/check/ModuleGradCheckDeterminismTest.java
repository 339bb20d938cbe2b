package gradlab.nn.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.nn.Dropout;
import gradlab.nn.Linear;
import gradlab.nn.Sequential;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A module with a random forward is reported as such, with the fix, instead of as a wrong derivative. */
class ModuleGradCheckDeterminismTest {

    private static Sequential net() {
        return new Sequential(new Linear(4, 3, true, new Random(0)), new Dropout(0.5));
    }

    @Test
    void dropoutInTrainingModeIsReportedAsANonDeterministicForward() {
        Tensor x = Tensor.rand(new Generator(1), 3, 4);
        assertThatThrownBy(() -> ModuleGradCheck.of(net()).check(x)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ModuleGradCheck: the forward of Sequential is not deterministic")
                .hasMessageContaining("module.eval()").hasMessageContaining(".seed(0)")
                .hasMessageNotContaining("probably missing");
    }

    @Test
    void inEvalModeOrWithAFixedSeedTheSameModulePasses() {
        Tensor x = Tensor.rand(new Generator(1), 3, 4);
        Sequential evaluated = net();
        evaluated.eval();
        assertThat(ModuleGradCheck.of(evaluated).check(x).passed()).isTrue();
        Sequential training = net();
        assertThat(ModuleGradCheck.of(training).seed(7).check(x).passed()).isTrue();
        assertThat(training.isTraining()).isTrue();
    }

    @Test
    void nullArgumentsAreNamed() {
        assertThatThrownBy(() -> ModuleGradCheck.of(net()).check(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input is null");
        assertThatThrownBy(() -> ModuleGradCheck.of(net()).layout(null)).hasMessageContaining("layout is null");
        assertThatThrownBy(() -> ModuleGradCheck.of(net()).options(null)).hasMessageContaining("options is null");
    }
}
