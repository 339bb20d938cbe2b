package gradlab.exercises.hidden;

import gradlab.exercises.ex3.CrossEntropyLoss;
import gradlab.exercises.ex3.Dropout;
import gradlab.exercises.ex3.Linear;
import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.nn.functional.Losses;
import gradlab.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Example hidden tests for exercise 3: the engine's Linear and cross-entropy as references, dropout's edge cases. */
@Tag("ex3")
class HiddenEx3Test {

    @Test
    @Points(2)
    @DisplayName("ex3.1 Linear(7, 2) equals the engine's nn.Linear with the same parameters, values and grads (seed 4001)")
    void linearAgainstEngine() {
        Random r = new Random(4001);
        Linear mine = new Linear(7, 2, r);
        gradlab.nn.Linear engine = new gradlab.nn.Linear(7, 2);
        engine.loadStateDict(mine.stateDict());
        Tensor x = Tensor.randn(r, 3, 7);
        Tensor ym = mine.forward(x);
        Tensor ye = engine.forward(x);
        Expect.close("ex3.1 Linear(7, 2) output (seed 4001)", ye.detach(), ym.detach(), 1e-12);
        ym.pow(2).sum().backward();
        ye.pow(2).sum().backward();
        Expect.close("ex3.1 dL/dW (seed 4001)", engine.weight().grad(), mine.weight().grad(), 1e-12);
        Expect.close("ex3.1 dL/db (seed 4001)", engine.bias().grad(), mine.bias().grad(), 1e-12);
    }

    @Test
    @Points(1)
    @DisplayName("ex3.2 Dropout p = 0 is the identity and p = 1 gives zeros (seed 4002)")
    void dropoutEdges() {
        Tensor x = Tensor.randn(new Random(4002), 3, 4);
        Expect.close("ex3.2 Dropout(p = 0)", x, new Dropout(0, new Random(1)).forward(x), 0);
        Expect.close("ex3.2 Dropout(p = 1)", Tensor.zeros(3, 4), new Dropout(1, new Random(1)).forward(x), 0);
    }

    @Test
    @Points(2)
    @DisplayName("ex3.3 CrossEntropyLoss equals the engine's at logits scaled by 50, and for N = 1 (seed 4003)")
    void crossEntropyLarge() {
        Random r = new Random(4003);
        Tensor logits = Tensor.randn(r, 5, 7).mul(50.0);
        Tensor target = Tensor.of(6, 0, 3, 3, 1);
        Expect.close("ex3.3 cross-entropy at logits * 50 (seed 4003)", Losses.crossEntropy(logits, target).item(),
                new CrossEntropyLoss().forward(logits, target).item(), 1e-10);
        Tensor one = Tensor.randn(r, 1, 4);
        Tensor t1 = Tensor.of(2);
        Expect.close("ex3.3 cross-entropy N = 1 (seed 4003)", Losses.crossEntropy(one, t1).item(),
                new CrossEntropyLoss().forward(one, t1).item(), 1e-12);
    }
}
