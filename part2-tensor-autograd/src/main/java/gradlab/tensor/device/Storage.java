package gradlab.tensor.device;

import gradlab.tensor.DType;

/**
 * A flat block of elements owned by a {@link Device}. Tensors are views onto a storage (shape, strides, offset);
 * several tensors may share one storage.
 *
 * <p>The storage also carries the <em>version counter</em> that autograd uses: every in-place write bumps it, so a
 * tensor saved for backward can tell that it was modified after it was saved (PyTorch keeps the counter shared by
 * all views of the same data, and so do we).
 */
public abstract class Storage {
    private static final java.util.concurrent.atomic.AtomicLong CREATED = new java.util.concurrent.atomic.AtomicLong();

    private final DType dtype;
    private final int size;
    private final long serial;
    private int version;
    private String lastInPlaceOp;

    protected Storage(DType dtype, int size) {
        this(dtype, size, false);
    }

    /**
     * @param callersArray whether the storage is an array its caller still holds ({@code asTensor}): its serial is
     *     then -1, so the engine never takes it as a fresh gradient (a leaf's grad must not alias someone's array)
     */
    protected Storage(DType dtype, int size, boolean callersArray) {
        this.dtype = dtype;
        this.size = size;
        this.serial = callersArray ? -1 : CREATED.getAndIncrement();
    }

    /** The device that allocated this storage and can run kernels on it. */
    public abstract Device device();

    /**
     * This storage's place in the order of creation (0 for the first storage the JVM made, then 1, 2, ...): the
     * autograd engine compares it with {@link #nextSerial()} taken at the start of a backward pass to tell a gradient
     * computed during that pass (which nothing outside the pass can hold) from older data. -1 for a storage on an
     * array its caller still holds ({@code Factory.asTensor}), which is never such a gradient.
     */
    public long serial() {
        return serial;
    }

    /** The serial the next storage will get: every storage created from now on has a serial at least this. */
    public static long nextSerial() {
        return CREATED.get();
    }

    public DType dtype() {
        return dtype;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** How many in-place writes this storage has seen. */
    public int version() {
        return version;
    }

    /** The name of the last in-place op (for error messages), or null. */
    public String lastInPlaceOp() {
        return lastInPlaceOp;
    }

    /** Records an in-place write by the op {@code opName}. */
    public void bumpVersion(String opName) {
        version++;
        lastInPlaceOp = opName;
    }
}
