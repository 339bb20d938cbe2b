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
    private final DType dtype;
    private final int size;
    private int version;
    private String lastInPlaceOp;

    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
    }

    /** The device that allocated this storage and can run kernels on it. */
    public abstract Device device();

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
