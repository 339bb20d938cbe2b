package gradlab.tensor.bench;

import gradlab.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A benchmark command, not a test: forward and backward through a chain of 1,000,000 tensor ops
 * ({@code y = x + 1 + 1 + ...} on a scalar), the figure issue 15 tracks (5.6 s backward, 970 MB, when it was filed).
 * Each round builds a fresh chain; prints each round's times, the heap the graph holds (used heap after a GC, with
 * the graph alive) and the bytes backward allocates, then the medians.
 *
 * <pre>
 * ./mvnw -q -pl part2-tensor-autograd -am test-compile exec:java@chain-bench [-Dexec.args="ROUNDS N"]
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
        List<Long> graphMb = new ArrayList<>();
        System.out.printf("part 2: tensor chain of %,d additions, %d rounds (the first warms the JIT up)%n", n,
                rounds);
        for (int r = 1; r <= rounds; r++) {
            long t0 = System.nanoTime();
            Tensor x = Tensor.scalar(0.5).requiresGrad(true);
            Tensor y = x;
            for (int k = 0; k < n; k++) {
                y = y.add(1.0);
            }
            long t1 = System.nanoTime();
            long held = usedHeapAfterGc();
            long bytes0 = threads.getCurrentThreadAllocatedBytes();
            long t2 = System.nanoTime();
            y.backward();
            long t3 = System.nanoTime();
            long bytes = threads.getCurrentThreadAllocatedBytes() - bytes0;
            if (x.grad().item() != 1.0 || y.item() != 0.5 + n) {
                throw new IllegalStateException("expected y = " + (0.5 + n) + " and dy/dx = 1, got " + y.item()
                        + " and " + x.grad().item());
            }
            forward.add((t1 - t0) / 1e9);
            backward.add((t3 - t2) / 1e9);
            graphMb.add(held >> 20);
            System.out.printf("round %d  forward %.3f s  backward %.3f s  graph %,d MB  backward allocated %,d MB%n",
                    r, (t1 - t0) / 1e9, (t3 - t2) / 1e9, held >> 20, bytes >> 20);
        }
        System.out.printf("median: forward %.3f s, backward %.3f s, graph %,d MB%n", median(forward),
                median(backward), graphMb.get(graphMb.size() / 2));
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
