package gradlab.mnist.opencl;

import gradlab.tensor.DType;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.Storage;

/**
 * Storage of an {@link OpenClDevice}: a Java array ({@code float[]} for float32, {@code double[]} for float64) that
 * Aparapi hands to OpenCL.
 *
 * <p><b>Where the data lives.</b> Between two device calls the Java array is always current: every kernel launch reads
 * its outputs back ({@code Kernel.get}) before it returns, because Aparapi keeps one buffer per kernel object and
 * field, so data can pass from one kernel to another only through the host. What may also be current is the copy in
 * a kernel's buffer: {@link #generation()} counts the writes to this storage, and a {@link KernelLauncher} remembers
 * which generation each of its inputs holds, so a kernel that runs again on an unchanged input (a weight matrix read
 * by several launches of matmul) does not copy it again ({@code Kernel.put}). On pocl's CPU device the buffer is the
 * Java array itself; on a discrete GPU it is a copy, and this bookkeeping is what keeps the two in step. Nothing here
 * assumes that device memory aliases host memory.
 */
public final class OpenClStorage extends Storage {
    private final OpenClDevice device;
    private final float[] floats;
    private final double[] doubles;
    private long generation;

    OpenClStorage(OpenClDevice device, DType dtype, int size) {
        super(dtype, size);
        this.device = device;
        // Aparapi cannot hand OpenCL a zero-length buffer; an empty tensor keeps one unused element.
        this.floats = dtype == DType.FLOAT32 ? new float[Math.max(size, 1)] : null;
        this.doubles = dtype == DType.FLOAT64 ? new double[Math.max(size, 1)] : null;
    }

    @Override
    public Device device() {
        return device;
    }

    /** The float32 elements (null for float64 storage). */
    float[] floats() {
        return floats;
    }

    /** The float64 elements (null for float32 storage). */
    double[] doubles() {
        return doubles;
    }

    /** The array OpenCL sees: {@link #floats} or {@link #doubles}. */
    Object array() {
        return floats != null ? floats : doubles;
    }

    /** How many times this storage has been written (on the host or by a kernel). */
    long generation() {
        return generation;
    }

    /** Records a write: any kernel buffer holding an older generation must be refreshed before it is read. */
    void written() {
        generation++;
    }

    /** Element i as a double. */
    double get(int i) {
        return floats != null ? floats[i] : doubles[i];
    }

    /** Writes element i on the host (rounded to float32 for float32 storage); call {@link #written} afterwards. */
    void set(int i, double value) {
        if (floats != null) {
            floats[i] = (float) value;
        } else {
            doubles[i] = value;
        }
    }
}
