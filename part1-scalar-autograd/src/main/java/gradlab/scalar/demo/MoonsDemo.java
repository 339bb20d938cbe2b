package gradlab.scalar.demo;

import gradlab.scalar.nn.MLP;
import gradlab.scalar.value.Value;
import java.util.Locale;
import java.util.Random;

/**
 * Part 1's demo: a 2-16-16-1 MLP built from scalar {@link Value}s learns to separate two moons, by plain
 * gradient descent on the SVM max-margin loss (as micrograd's demo):
 * <pre>
 *   loss = mean_i max(0, 1 - y_i * score(x_i))  +  alpha * sum_p p^2
 * </pre>
 * Every step builds the whole graph (about 100 000 Values), backpropagates through it, and moves every parameter
 * against its gradient. It stops at 100% training accuracy and exits with status 1 if it never gets there.
 */
public final class MoonsDemo {
    static final int POINTS = 100;
    static final int MAX_STEPS = 200;
    static final double ALPHA = 1e-4;

    private MoonsDemo() {
    }

    public static void main(String[] args) {
        long start = System.nanoTime();
        Result result = train(TwoMoons.generate(POINTS, 0.1, 42), new MLP(2, new int[] {16, 16, 1}, new Random(1337)),
                true);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "final: step %d, loss %.4f, training accuracy %.0f%% (%d points), %.1f s%n",
                result.steps(), result.loss(), 100 * result.accuracy(), POINTS, seconds);
        if (result.accuracy() < 1) {
            System.err.println("did not reach 100% training accuracy in " + MAX_STEPS + " steps");
            System.exit(1);
        }
    }

    /** The outcome of training: steps taken, last loss and training accuracy. */
    public record Result(int steps, double loss, double accuracy) {
    }

    /** Trains until every point is classified correctly or MAX_STEPS steps have passed. */
    public static Result train(TwoMoons data, MLP model, boolean verbose) {
        if (data == null || model == null) {
            throw new IllegalArgumentException("MoonsDemo.train: " + (data == null ? "data" : "model") + " is null;"
                    + " pass e.g. TwoMoons.generate(100, 0.1, 42) and new MLP(2, new int[] {16, 16, 1}, new"
                    + " Random(1337))");
        }
        double loss = Double.NaN;
        double accuracy = 0;
        int step = 0;
        while (step < MAX_STEPS) {
            // forward: scores, hinge loss, L2 penalty
            Value dataLoss = Value.of(0);
            int correct = 0;
            for (int i = 0; i < data.size(); i++) {
                Value score = model.applyScalar(data.points()[i]);
                int y = data.labels()[i];
                dataLoss = dataLoss.add(score.mul(-y).add(1).relu());
                if ((score.data() > 0) == (y > 0)) {
                    correct++;
                }
            }
            Value penalty = Value.of(0);
            for (Value p : model.parameters()) {
                penalty = penalty.add(p.mul(p));
            }
            Value total = dataLoss.div(data.size()).add(penalty.mul(ALPHA));
            loss = total.data();
            accuracy = correct / (double) data.size();
            if (verbose && (step % 10 == 0 || accuracy == 1)) {
                System.out.printf(Locale.ROOT, "step %3d  loss %.4f  accuracy %3.0f%%%n", step, loss, 100 * accuracy);
            }
            if (accuracy == 1) {
                break;
            }
            // backward, then one step of gradient descent with a decaying learning rate
            model.zeroGrad();
            total.backward();
            double learningRate = 1.0 - 0.9 * step / MAX_STEPS;
            for (Value p : model.parameters()) {
                p.setData(p.data() - learningRate * p.grad());
            }
            step++;
        }
        return new Result(step, loss, accuracy);
    }
}
