package gradlab.exercises.hidden;

import gradlab.exercises.ex4.AdamOptimizer;
import gradlab.exercises.ex4.MomentumSGD;
import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.optim.Adam;
import gradlab.optim.Optimizer;
import gradlab.optim.SGD;
import gradlab.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Example hidden tests for exercise 4: two parameters, other hyper-parameters, more steps, part 4 as reference. */
@Tag("ex4")
class HiddenEx4Test {

    static Tensor[] train(Function<List<Tensor>, Optimizer> make, long seed, int steps) {
        Random r = new Random(seed);
        Tensor x = Tensor.randn(r, 8, 4);
        Tensor y = Tensor.randn(r, 8, 2);
        Tensor w = Tensor.randn(r, 4, 2).requiresGrad(true);
        Tensor b = Tensor.randn(r, 2).requiresGrad(true);
        Optimizer opt = make.apply(List.of(w, b));
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad();
            x.mm(w).add(b).sub(y).tanh().pow(2).mean().backward();
            opt.step();
        }
        return new Tensor[] {w.detach(), b.detach()};
    }

    @Test
    @Points(2)
    @DisplayName("ex4.1 MomentumSGD(lr 0.2, momentum 0.5) equals part 4's SGD on two parameters over 15 steps (seed 5001)")
    void momentum() {
        Tensor[] expected = train(p -> new SGD(p, SGD.options(0.2).momentum(0.5)), 5001, 15);
        Tensor[] mine = train(p -> new MomentumSGD(p, 0.2, 0.5), 5001, 15);
        Expect.close("ex4.1 w after 15 steps (seed 5001)", expected[0], mine[0], 1e-12);
        Expect.close("ex4.1 b after 15 steps (seed 5001)", expected[1], mine[1], 1e-12);
    }

    @Test
    @Points(2)
    @DisplayName("ex4.2 AdamOptimizer(lr 0.01, betas 0.8/0.99, eps 1e-6) equals part 4's Adam over 20 steps (seed 5002)")
    void adam() {
        Tensor[] expected = train(p -> new Adam(p, Adam.options().lr(0.01).betas(0.8, 0.99).eps(1e-6)), 5002, 20);
        Tensor[] mine = train(p -> new AdamOptimizer(p, 0.01, 0.8, 0.99, 1e-6), 5002, 20);
        Expect.close("ex4.2 w after 20 steps (seed 5002)", expected[0], mine[0], 1e-12);
        Expect.close("ex4.2 b after 20 steps (seed 5002)", expected[1], mine[1], 1e-12);
    }
}
