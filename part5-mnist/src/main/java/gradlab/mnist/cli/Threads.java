package gradlab.mnist.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs work with a given number of threads for GradLab's CPU kernels, which split big products over a parallel
 * stream: a parallel stream started inside a ForkJoinPool's task runs in that pool, so a pool of N threads caps the
 * kernels at N.
 */
final class Threads {
    private Threads() {
    }

    static <T> T run(int threads, Callable<T> work) throws Exception {
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
