package gradlab.exercises.ex1;

import gradlab.exercises.grading.Points;
import gradlab.exercises.support.Expect;
import gradlab.exercises.support.GateFunction;
import gradlab.gradcheck.Input;
import gradlab.scalar.graph.ComputationalGraph;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Public tests of exercises 1.1-1.4: each gate's backward, against gradcheck and inside a real graph. */
@Tag("ex1")
class Ex1GatesTest {

    @ParameterizedTest(name = "ex1.1 MultiplyGate gradcheck at random x, y (seed {0})")
    @ValueSource(longs = {11, 12, 13})
    @Points(2)
    @DisplayName("ex1.1 MultiplyGate backward")
    void multiply(long seed) {
        Random r = new Random(seed);
        Expect.gradcheck("ex1.1 MultiplyGate gradcheck (seed " + seed + ")", GateFunction.of(MultiplyGate::new), seed,
                Input.uniform("x", r, -3, 3, 1), Input.uniform("y", r, -3, 3, 1));
        MultiplyGate g = new MultiplyGate();
        g.forward(-2, 5);
        Expect.close("ex1.1 MultiplyGate backward(3) after forward(-2, 5) (seed " + seed + ")",
                new double[] {15, -6}, g.backward(3), 1e-12);
    }

    @Test
    @Points(1)
    @DisplayName("ex1.2 AddGate backward hands dz to both inputs (seed 21)")
    void add() {
        Random r = new Random(21);
        Expect.gradcheck("ex1.2 AddGate gradcheck (seed 21)", GateFunction.of(AddGate::new), 21,
                Input.uniform("x", r, -3, 3, 1), Input.uniform("y", r, -3, 3, 1));
        AddGate g = new AddGate();
        g.forward(1.5, -4);
        Expect.close("ex1.2 AddGate backward(-2.5) after forward(1.5, -4)", new double[] {-2.5, -2.5},
                g.backward(-2.5), 0);
    }

    @Test
    @Points(2)
    @DisplayName("ex1.3 MaxGate backward routes dz to the larger input, to x at a tie (seed 31)")
    void max() {
        MaxGate g = new MaxGate();
        g.forward(3, -1);
        Expect.close("ex1.3 MaxGate backward(2) after forward(3, -1)", new double[] {2, 0}, g.backward(2), 0);
        g.forward(-1, 3);
        Expect.close("ex1.3 MaxGate backward(2) after forward(-1, 3)", new double[] {0, 2}, g.backward(2), 0);
        g.forward(0.5, 0.5);
        Expect.close("ex1.3 MaxGate backward(2) after forward(0.5, 0.5) (a tie goes to x)", new double[] {2, 0},
                g.backward(2), 0);
        Random r = new Random(31);
        Expect.gradcheck("ex1.3 MaxGate gradcheck (seed 31)", GateFunction.of(MaxGate::new), 31,
                Input.scalar("x", r.nextDouble() + 1), Input.scalar("y", -r.nextDouble()));
    }

    @Test
    @Points(1)
    @DisplayName("ex1.4 SigmoidGate backward is z(1-z) dz (seed 41)")
    void sigmoid() {
        Random r = new Random(41);
        Expect.gradcheck("ex1.4 SigmoidGate gradcheck (seed 41)", GateFunction.of(SigmoidGate::new), 41,
                Input.uniform("x", r, -4, 4, 1));
        SigmoidGate g = new SigmoidGate();
        g.forward(0);
        Expect.close("ex1.4 SigmoidGate backward(1) after forward(0)", new double[] {0.25}, g.backward(1), 1e-15);
    }

    @Test
    @Points(1)
    @DisplayName("ex1.1-1.3 your gates inside a ComputationalGraph: f = (x + y) * max(z, w) at (-2, 5, -4, -6)")
    void graph() {
        ComputationalGraph mine = ComputationalGraph.builder()
                .input("x").input("y").input("z").input("w")
                .gate("q", new AddGate(), "x", "y")
                .gate("m", new MaxGate(), "z", "w")
                .gate("f", new MultiplyGate(), "q", "m")
                .output("f").build();
        Expect.close("ex1 graph forward", -12, mine.forward(Map.of("x", -2.0, "y", 5.0, "z", -4.0, "w", -6.0)), 0);
        Map<String, Double> grads = mine.backward();
        Expect.close("ex1 graph backward {dx, dy, dz, dw}", new double[] {-4, -4, 3, 0},
                new double[] {grads.get("x"), grads.get("y"), grads.get("z"), grads.get("w")}, 1e-12);
    }
}
