package gradlab.mnist.cli;

import gradlab.tensor.device.CpuDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs work with a given number of threads for GradLab's CPU kernels, which split big products over a parallel
 * stream: a parallel stream started inside a ForkJoinPool's task runs in that pool, so a pool of N threads caps the
 * kernels at N. The CPU device is told the same number ({@code CpuDevice.setNumThreads}) for the duration, so with one
 * thread a product is not cut into pieces that one worker then runs one after the other.
 */
final class Threads {
    private Threads() {
    }

    static <T> T run(int threads, Callable<T> work) throws Exception {
        int kernelThreads = CpuDevice.numThreads();
        CpuDevice.setNumThreads(threads);
        ForkJoinPool pool = new ForkJoinPool(threads);
        List<T> result = new ArrayList<>(1);
        List<Throwable> failure = new ArrayList<>(1);
        try {
            // the work catches its own exception, so it reaches the caller as thrown (ForkJoinTask.get would wrap it)
            pool.submit(() -> {
                try {
                    result.add(work.call());
                } catch (Throwable t) {
                    failure.add(t);
                }
            }).get();
        } finally {
            pool.shutdown();
            CpuDevice.setNumThreads(kernelThreads);
        }
        if (!failure.isEmpty()) {
            Throwable t = failure.get(0);
            if (t instanceof Exception e) {
                throw e;
            }
            throw (Error) t;
        }
        return result.get(0);
    }
}
