package gradlab.mnist.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
        try {
            return pool.submit(work).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            pool.shutdown();
        }
    }
}
