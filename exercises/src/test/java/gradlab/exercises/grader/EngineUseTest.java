package gradlab.exercises.grader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The flags for submissions that mention the engine's own implementation of an exercise. */
class EngineUseTest {

    @ParameterizedTest(name = "{0}: the solution mentions no engine implementation")
    @MethodSource("gradlab.exercises.grader.ExerciseCatalogueTest#files")
    void solutionsAreClean(ExerciseFile f) throws IOException {
        assertThat(EngineUse.scan(f, Files.readString(Paths.solutions().resolve(f.path())))).isEmpty();
    }

    @ParameterizedTest(name = "flags: {0}")
    @ValueSource(strings = {
        "import gradlab.optim.Adam;",
        "return new gradlab.scalar.gate.MultiplyGate().backward(dz);",
        "root.backward();",
        "return gradlab.nn.functional.Losses.crossEntropy(logits, target);",
        "return logits.logSoftmax(1);",
        "return new gradlab.tensor.ops.Mm().apply(a, b);",
        "private final gradlab.nn.Linear inner = new gradlab.nn.Linear(2, 3);",
        "return gradlab.mnist.train.Evaluation.of(model, loss, loader, 10).accuracy();",
        "return Evaluation.of(model, loss, loader, 10).accuracy();",
        "gradlab.mnist.opencl.UnaryFloatKernel k;"})
    void flagsDelegation(String line) {
        assertThat(EngineUse.scan("class X { " + line + " }")).isNotEmpty();
    }

    @Test
    @DisplayName("ex5.1's loss.backward() is the training loop's own step: flagged in ex1, not in ex5")
    void backwardInTheTrainingLoop() {
        String loop = "class TrainingLoop { void f(Tensor loss) { loss.backward(); } }";
        assertThat(EngineUse.scan(new ExerciseFile("gradlab/exercises/ex5/TrainingLoop.java", "ex5"), loop)).isEmpty();
        assertThat(EngineUse.scan(new ExerciseFile("gradlab/exercises/ex1/Backprop.java", "ex1"), loop))
                .containsExactly(".backward()");
    }

    @Test
    @DisplayName("the interfaces an exercise must use are not flagged")
    void interfacesAreFine() {
        assertThat(EngineUse.scan("import gradlab.scalar.gate.BinaryGate; import gradlab.optim.Optimizer;"
                + " import gradlab.optim.ParamGroup; import gradlab.nn.loss.Loss; import gradlab.nn.functional.Reduction;"
                + " import gradlab.mnist.data.DataLoader; import gradlab.mnist.data.Batch; import com.aparapi.Kernel;"))
                .isEmpty();
    }
}
