package gradlab.exercises.ex5;

import com.aparapi.Kernel;

/**
 * Exercise 5.2: the backward pass of ReLU as an Aparapi OpenCL kernel (one kernel class per op, as part 5's
 * {@code gradlab.mnist.opencl} kernels): Aparapi translates {@link #run()} to OpenCL C and runs it once per work item.
 *
 * <p><b>Task.</b> Write {@link #run()}: work item i computes element i of {@code dx} from {@code x} and {@code dy}.
 *
 * <p><b>Math.</b> y = relu(x) = max(x, 0), so dy/dx = 1 where x &gt; 0 and 0 elsewhere (PyTorch takes 0 at x = 0):
 * <pre>
 *   dx[i] = x[i] &gt; 0 ? dy[i] : 0
 * </pre>
 *
 * <p><b>Hint.</b> {@code int i = getGlobalId();} is this work item's index. The device runs whole work-groups, so the
 * global size is {@code n} rounded up to a multiple of the group size: work items with {@code i >= n} must do nothing
 * (an index past the arrays). Only what OpenCL can run may appear in {@code run()}: plain float arithmetic, array
 * reads and writes, {@code if}; no objects, no exceptions, no {@code Math} (use {@code Kernel}'s own float math if you
 * need any).
 */
public final class ReluBackwardKernel extends Kernel {
    final float[] x;
    final float[] dy;
    final float[] dx;
    final int n;

    /** A kernel for dL/dx of relu at {@code x}, given dL/dy {@code dy} (same length); writes {@link #dx()}. */
    public ReluBackwardKernel(float[] x, float[] dy) {
        if (x == null || dy == null || x.length != dy.length || x.length == 0) {
            throw new IllegalArgumentException("ReluBackwardKernel: x and dy must be non-empty arrays of the same"
                    + " length, got " + (x == null ? "null" : x.length) + " and " + (dy == null ? "null" : dy.length));
        }
        this.x = x;
        this.dy = dy;
        this.dx = new float[x.length];
        this.n = x.length;
    }

    /** Elements to compute. */
    public int size() {
        return n;
    }

    /** The result dL/dx (after the kernel ran). */
    public float[] dx() {
        return dx;
    }

    @Override
    public void run() {
        throw new UnsupportedOperationException("TODO ex5.2: ReluBackwardKernel.run");
    }
}
