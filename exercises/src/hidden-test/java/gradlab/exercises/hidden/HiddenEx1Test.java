package gradlab.exercises.hidden;

import gradlab.exercises.ex1.AddGate;
import gradlab.exercises.ex1.Backprop;
import gradlab.exercises.ex1.MaxGate;
import gradlab.exercises.ex1.MultiplyGate;
import gradlab.exercises.ex1.SigmoidGate;
import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.exercises.support.RandomGraphs;
import gradlab.scalar.value.Value;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Example hidden tests for exercise 1. Expected values come from the engine at run time (part 1's own gates and
 * Value.backward), never from numbers stored in the suite.
 */
@Tag("ex1")
class HiddenEx1Test {

    @ParameterizedTest(name = "ex1.1-1.4 gates vs the engine's at random points (seed {0})")
    @ValueSource(longs = {1001, 1002, 1003, 1004})
    @Points(2)
    @DisplayName("ex1.1-1.4 every gate's backward equals part 1's gate (ties and |x| up to 40 included)")
    void gatesAgainstEngine(long seed) {
        Random r = new Random(seed);
        double x = r.nextDouble() * 80 - 40;
        double y = r.nextBoolean() ? x : r.nextDouble() * 80 - 40;   // ties too
        double dz = r.nextGaussian();
        var engineMul = new gradlab.scalar.gate.MultiplyGate();
        engineMul.forward(x, y);
        MultiplyGate mul = new MultiplyGate();
        mul.forward(x, y);
        Expect.close("ex1.1 MultiplyGate at (" + x + ", " + y + ") (seed " + seed + ")", engineMul.backward(dz),
                mul.backward(dz), 0);
        AddGate add = new AddGate();
        add.forward(x, y);
        Expect.close("ex1.2 AddGate at (" + x + ", " + y + ") (seed " + seed + ")", new double[] {dz, dz},
                add.backward(dz), 0);
        var engineMax = new gradlab.scalar.gate.MaxGate();
        engineMax.forward(x, y);
        MaxGate max = new MaxGate();
        max.forward(x, y);
        Expect.close("ex1.3 MaxGate at (" + x + ", " + y + ") (seed " + seed + ")", engineMax.backward(dz),
                max.backward(dz), 0);
        var engineSigmoid = new gradlab.scalar.gate.SigmoidGate();
        engineSigmoid.forward(x);
        SigmoidGate s = new SigmoidGate();
        s.forward(x);
        Expect.close("ex1.4 SigmoidGate at " + x + " (seed " + seed + ")", engineSigmoid.backward(dz),
                s.backward(dz), 1e-15);
    }

    @ParameterizedTest(name = "ex1.6 gradients of a wide random graph vs Value.backward (seed {0})")
    @ValueSource(longs = {2001, 2002})
    @Points(3)
    @DisplayName("ex1.6 gradients on wide graphs with heavy fan-out")
    void wideGraphs(long seed) {
        RandomGraphs.Graph g = RandomGraphs.expression(seed, 2, 200);
        Map<Value, Double> mine = Backprop.gradients(g.root());
        g.root().backward();
        for (Value leaf : g.leaves()) {
            Double got = mine == null ? null : mine.get(leaf);
            Expect.that("ex1.6 wide graph (seed " + seed + ")", got != null, "no gradient for leaf " + leaf.label());
            Expect.close("ex1.6 wide graph (seed " + seed + ") d root / d " + leaf.label(), leaf.grad(), got,
                    1e-9 * Math.max(1, Math.abs(leaf.grad())));
        }
    }
}
