package gradlab.scalar.bench;

import gradlab.scalar.value.Value;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A benchmark command, not a test: the time and memory of {@link Value#backward()} through a chain of 1,000,000
 * operations ({@code y = x + 1e-6 + 1e-6 + ...}), the figure issue 15 tracks (2.3 s when it was filed). Each of
 * {@code rounds} rounds builds a fresh chain, then times its backward; prints each round and the medians.
 *
 * <pre>
 * ./mvnw -q -pl part1-scalar-autograd -am test-compile exec:java@chain-bench [-Dexec.args="ROUNDS N"]
 * </pre>
 */
public final class LongChainBench {
    private LongChainBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Double> forward = new ArrayList<>();
        List<Double> backward = new ArrayList<>();
        System.out.printf("part 1: Value chain of %,d additions, %d rounds (the first warms the JIT up)%n", n, rounds);
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            Value x = Value.of(0.5);
            Value y = x;
            for (int k = 0; k < n; k++) {
                y = y.add(1e-6);
            }
            long t1 = System.nanoTime();
            long bytes0 = threads.getCurrentThreadAllocatedBytes();
            y.backward();
            long t2 = System.nanoTime();
            long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
            if (x.grad() != 1.0) {
                throw new IllegalStateException("dy/dx should be 1, got " + x.grad());
            }
            forward.add((t1 - t0) / 1e9);
            backward.add((t2 - t1) / 1e9);
            System.out.printf("round %d  forward %.3f s  backward %.3f s  (backward allocated %,d MB)%n", r,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, bytes >> 20);
        }
        System.out.printf("median: forward %.3f s, backward %.3f s%n", median(forward), median(backward));
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
