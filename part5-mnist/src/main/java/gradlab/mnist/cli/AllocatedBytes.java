package gradlab.mnist.cli;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes this JVM's threads have allocated so far (HotSpot's per-thread allocation counters, summed over the
 * live threads): the difference across a stretch of work is the garbage it made, which {@code bench} reports per
 * training step. 0 on a JVM without the counters.
 */
final class AllocatedBytes {
    private AllocatedBytes() {
    }

    static long allThreads() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported() || !bean.isThreadAllocatedMemoryEnabled()) {
            return 0;
        }
        long total = 0;
        for (long bytes : bean.getThreadAllocatedBytes(bean.getAllThreadIds())) {
            total += Math.max(0, bytes);
        }
        return total;
    }
}
