package gradlab.scalar.demo;

import gradlab.scalar.value.Value;
import java.util.Arrays;

/**
 * How long a graph of a million scalar operations takes: builds y = x + 1e-6 + ... + 1e-6 (n additions, one Value and
 * one gate each), then times {@code y.backward()} (the topological sort and the chain rule at every node). Prints each
 * round and the medians; the first rounds include the JIT's warm-up. A benchmark, not a test: nothing is asserted on
 * time ({@code LongChainTest} checks the gradient of the same chain).
 *
 * <pre>
 *   ./mvnw -q -pl part1-scalar-autograd -am compile exec:java@longchain [-Dexec.args="ROUNDS N"]
 * </pre>
 */
public final class LongChainBench {
    private LongChainBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? positive(args[0], "ROUNDS") : 5;
        int n = args.length > 1 ? positive(args[1], "N") : 1_000_000;
        double[] forward = new double[rounds];
        double[] backward = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            Value x = Value.of(0.5);
            Value y = x;
            for (int k = 0; k < n; k++) {
                y = y.add(1e-6);
            }
            long t1 = System.nanoTime();
            y.backward();
            long t2 = System.nanoTime();
            if (x.grad() != 1.0) {
                throw new IllegalStateException("dy/dx should be 1 but is " + x.grad());
            }
            forward[r] = (t1 - t0) / 1e6;
            backward[r] = (t2 - t1) / 1e6;
            System.out.printf("round %d: forward (building %,d operations) %,.0f ms, backward %,.0f ms%n", r + 1, n,
                    forward[r], backward[r]);
        }
        System.out.printf("median of %d rounds: forward %,.0f ms, backward %,.0f ms (%s, max heap %,d MB)%n", rounds,
                median(forward), median(backward), System.getProperty("java.vm.version"),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static int positive(String s, String name) {
        try {
            int v = Integer.parseInt(s);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive integer, got '" + s
                + "'; usage: LongChainBench [ROUNDS] [N]");
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }
}
