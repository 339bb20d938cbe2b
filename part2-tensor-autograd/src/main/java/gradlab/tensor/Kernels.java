package gradlab.tensor;

import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.Storage;
import gradlab.tensor.device.Strided;
import gradlab.tensor.device.UnaryOp;
import java.util.Arrays;

/**
 * The bridge from tensors to {@link Device} kernels: check that the operands share a device, allocate an output, line
 * the operands up (broadcasting with stride 0), call one kernel. Nothing here records autograd history; ops call these
 * in their forward pass.
 *
 * <p>This is the only place where a tensor's storage meets a kernel, so a new device needs no change to any op. It is
 * also where a simple device is served: if {@link Device#takesStrided()} is false, {@link #operand} hands the kernel a
 * compact copy (row-major, offset 0, broadcast materialised, the output's dtype) made with the device's own
 * {@link Device#copy}, and in-place writes go through a compact temporary.
 */
public final class Kernels {
    private Kernels() {
    }

    /** A new zero-filled contiguous tensor on {@code device}. */
    public static Tensor zeros(Device device, DType dtype, int[] shape) {
        checkSupports(device, dtype);
        Storage s = device.allocate(dtype, Shapes.numel("zeros", shape));
        return new Tensor(s, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A new contiguous tensor holding {@code values} in row-major order. */
    public static Tensor fromDoubles(Device device, DType dtype, int[] shape, double[] values) {
        checkSupports(device, dtype);
        return new Tensor(device.fromDoubles(dtype, values), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A new contiguous tensor holding the float32 {@code values} in row-major order (converted to dtype). */
    public static Tensor fromFloats(Device device, DType dtype, int[] shape, float[] values) {
        checkSupports(device, dtype);
        return new Tensor(device.fromFloats(dtype, values), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A contiguous tensor on the float32 {@code values}: the array itself where the device can, else a copy. */
    public static Tensor asTensor(Device device, DType dtype, int[] shape, float[] values) {
        checkSupports(device, dtype);
        return new Tensor(device.asStorage(dtype, values), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A view of {@code base}'s storage with its own shape, strides and offset (no copy, no history). */
    public static Tensor view(Tensor base, int[] shape, int[] strides, int offset) {
        return new Tensor(base.storage(), shape.clone(), strides.clone(), offset);
    }

    /** The elements of {@code t} in row-major order, as doubles. */
    public static double[] toDoubles(Tensor t) {
        return t.device().toDoubles(operand(t.device(), t, t.shapeRaw(), t.dtype()));
    }

    /** {@code t}'s elements on {@code target} (same shape and dtype, contiguous), copied through the host. */
    public static Tensor transfer(Tensor t, Device target) {
        return fromDoubles(target, t.dtype(), t.shapeRaw(), toDoubles(t));
    }

    /** {@code t} seen with {@code shape} (broadcast): dims that are 1 or missing in t get stride 0. */
    public static Strided broadcastTo(Tensor t, int[] shape) {
        int rank = shape.length;
        int lead = rank - t.dim();
        int[] strides = new int[rank];
        for (int d = 0; d < t.dim(); d++) {
            strides[lead + d] = t.size(d) == 1 && shape[lead + d] != 1 ? 0 : t.stridesRaw()[d];
        }
        return new Strided(t.storage(), shape, strides, t.offset());
    }

    /**
     * What {@code device}'s compute kernel receives for {@code t} seen with {@code shape}: the broadcast view itself
     * if the device takes strides, otherwise a compact copy in {@code dtype} (or t's own storage when t already is
     * compact: contiguous, offset 0, that shape and dtype).
     */
    static Strided operand(Device device, Tensor t, int[] shape, DType dtype) {
        Strided view = broadcastTo(t, shape);
        if (device.takesStrided()) {
            return view;
        }
        int[] compact = Shapes.contiguousStrides(shape);
        if (t.dtype() == dtype && t.offset() == 0 && Arrays.equals(t.shapeRaw(), shape) && t.isContiguous()) {
            return new Strided(t.storage(), shape, compact, 0);
        }
        Storage copy = device.allocate(dtype, Shapes.numel(shape));
        Strided out = new Strided(copy, shape, compact, 0);
        device.copy(view, out);
        return out;
    }

    /**
     * Refuses operands on different devices, naming both and the fix; every kernel call with two or more tensors
     * checks here first.
     */
    public static void checkSameDevice(String op, Tensor... tensors) {
        Device first = null;
        for (Tensor t : tensors) {
            if (t == null) {
                continue;
            }
            if (first == null) {
                first = t.device();
            } else if (t.device() != first) {
                throw new IllegalArgumentException(op + ": expected all tensors on the same device, but found "
                        + first.name() + " and " + t.device().name() + "; move one with .to(device), e.g. "
                        + "x.to(y.device())");
            }
        }
    }

    private static void checkSupports(Device device, DType dtype) {
        if (!device.supports(dtype)) {
            throw new IllegalArgumentException("device " + device.name() + " cannot hold " + dtype + " tensors; use"
                    + " another dtype (.to(DType.FLOAT32)) or another device");
        }
    }

    /** A contiguous copy of {@code t} in {@code dtype}. */
    public static Tensor copy(Tensor t, DType dtype) {
        Tensor out = zeros(t.device(), dtype, t.shapeRaw());
        t.device().copy(t.strided(), out.strided());
        return out;
    }

    /** dst = src (src broadcast to dst's shape), in place. */
    public static void copyInto(Tensor src, Tensor dst) {
        checkSameDevice("copyFrom", dst, src);
        dst.device().copy(broadcastTo(src, dst.shapeRaw()), dst.strided());
    }

    /** dst = value everywhere, in place. */
    public static void fill(Tensor dst, double value) {
        dst.device().fill(dst.strided(), value);
    }

    /** y = op(x) elementwise, same shape and dtype as x. */
    public static Tensor unary(UnaryOp op, double param, Tensor x) {
        Device device = x.device();
        Tensor out = zeros(device, x.dtype(), x.shapeRaw());
        device.unary(op, param, operand(device, x, x.shapeRaw(), x.dtype()), out.strided());
        return out;
    }

    /** z = op(a, b) elementwise with broadcasting; the dtype is the wider of the two. */
    public static Tensor binary(String opName, BinaryOp op, Tensor a, Tensor b) {
        checkSameDevice(opName, a, b);
        int[] shape = Shapes.broadcast(opName, a.shapeRaw(), b.shapeRaw());
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Device device = a.device();
        Tensor out = zeros(device, dtype, shape);
        device.binary(op, operand(device, a, shape, dtype), operand(device, b, shape, dtype), out.strided());
        return out;
    }

    /** dst = op(dst, b) in place, b broadcast to dst's shape. */
    public static void binaryInPlace(String opName, BinaryOp op, Tensor dst, Tensor b) {
        checkSameDevice(opName, dst, b);
        int[] shape = Shapes.broadcast(opName, dst.shapeRaw(), b.shapeRaw());
        if (!Arrays.equals(shape, dst.shapeRaw())) {
            throw new IllegalArgumentException(opName + ": the other operand " + Shapes.str(b.shapeRaw())
                    + " broadcasts to " + Shapes.str(shape) + ", which is bigger than the tensor "
                    + Shapes.str(dst.shapeRaw()) + " written in place");
        }
        Device device = dst.device();
        if (device.takesStrided()) {
            device.binary(op, dst.strided(), broadcastTo(b, shape), dst.strided());
            return;
        }
        // computed in the wider dtype and rounded once, on the way back into dst, as the CPU device does
        DType wide = DType.promote(dst.dtype(), b.dtype());
        Strided result = operand(device, dst, shape, wide); // dst itself when it is compact and already that dtype
        device.binary(op, result, operand(device, b, shape, wide), result);
        if (result.storage() != dst.storage()) {
            device.copy(result, dst.strided());
        }
    }

    /** out = cond != 0 ? a : b, all three broadcast together. */
    public static Tensor where(String opName, Tensor cond, Tensor a, Tensor b) {
        checkSameDevice(opName, cond, a, b);
        int[] shape = Shapes.broadcast(opName, Shapes.broadcast(opName, cond.shapeRaw(), a.shapeRaw()), b.shapeRaw());
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Device device = a.device();
        Tensor out = zeros(device, dtype, shape);
        device.where(operand(device, cond, shape, dtype), operand(device, a, shape, dtype),
                operand(device, b, shape, dtype), out.strided());
        return out;
    }

    /** Reduces the (normalised, sorted) {@code dims} of x; keepdim keeps them as size 1. */
    public static Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepdim) {
        int[] kept = Shapes.reducedShape(x.shapeRaw(), dims, true);
        Device device = x.device();
        Tensor out = zeros(device, x.dtype(), kept);
        device.reduce(op, operand(device, x, x.shapeRaw(), x.dtype()), out.strided());
        if (keepdim) {
            return out;
        }
        int[] dropped = Shapes.reducedShape(x.shapeRaw(), dims, false);
        return view(out, dropped, Shapes.contiguousStrides(dropped), 0);
    }

    /**
     * Batched matrix product of a [..., n, k] and b [..., k, m] (both rank &gt;= 2) with broadcast batch dims;
     * shapes are checked by the caller.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        checkSameDevice("matmul", a, b);
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(a.shapeRaw(), a.dim() - 2),
                Arrays.copyOf(b.shapeRaw(), b.dim() - 2));
        int n = a.size(-2);
        int k = a.size(-1);
        int m = b.size(-1);
        DType dtype = DType.promote(a.dtype(), b.dtype());
        Device device = a.device();
        Tensor out = zeros(device, dtype, concat(batch, n, m));
        device.matmul(operand(device, a, concat(batch, n, k), dtype), operand(device, b, concat(batch, k, m), dtype),
                out.strided());
        return out;
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    /** out[i][j] = x[index[i][j]][j] (for dim 0; likewise for other dims); out has the index's shape. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        checkSameDevice("gather", x, index);
        Device device = x.device();
        Tensor out = zeros(device, x.dtype(), index.shapeRaw());
        device.gather(operand(device, x, x.shapeRaw(), x.dtype()), dim,
                operand(device, index, index.shapeRaw(), x.dtype()), out.strided());
        return out;
    }

    /** A copy of {@code self} with src added at the positions named by index along dim. */
    public static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        checkSameDevice("scatterAdd", self, index, src);
        Device device = self.device();
        DType dtype = DType.promote(self.dtype(), src.dtype());
        Tensor out = copy(self, dtype);
        // the corner of src with the index's shape (src may be larger in every dim, as in PyTorch)
        Tensor srcCorner = view(src, index.shapeRaw(), src.stridesRaw(), src.offset());
        device.scatterAdd(operand(device, srcCorner, index.shapeRaw(), dtype), dim,
                operand(device, index, index.shapeRaw(), dtype), out.strided());
        return out;
    }

    /** The slices of x at positions {@code index} (1-D) along dim. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        checkSameDevice("indexSelect", x, index);
        int[] shape = x.shape();
        shape[dim] = index.numel();
        Device device = x.device();
        Tensor out = zeros(device, x.dtype(), shape);
        Tensor idx = index.dim() == 0 ? view(index, new int[] {1}, new int[] {0}, index.offset()) : index;
        device.indexSelect(operand(device, x, x.shapeRaw(), x.dtype()), dim,
                operand(device, idx, idx.shapeRaw(), x.dtype()), out.strided());
        return out;
    }

    // ---------------------------------------------------------------------------------------- fused kernels

    /**
     * What a fused kernel ({@link Device#logSoftmax}, {@link Device#dropout}) receives for {@code t}: always compact
     * (row-major, offset 0) in {@code dtype}, whatever the device's {@link Device#takesStrided()}; t's own storage
     * when it already is.
     */
    static Strided compactOperand(Device device, Tensor t, DType dtype) {
        int[] shape = t.shapeRaw();
        int[] compact = Shapes.contiguousStrides(shape);
        if (t.dtype() == dtype && t.offset() == 0 && t.isContiguous()) {
            return new Strided(t.storage(), shape, compact, 0);
        }
        Storage copy = device.allocate(dtype, Shapes.numel(shape));
        Strided out = new Strided(copy, shape, compact, 0);
        device.copy(t.strided(), out);
        return out;
    }

    /** log-softmax of x along {@code dim} (normalised; x of rank at least 1), same shape and dtype as x. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        requireLines("logSoftmax", x);
        dim = Shapes.normalizeDim("logSoftmax", dim, x.dim());
        Device device = x.device();
        Tensor out = zeros(device, x.dtype(), x.shapeRaw());
        if (out.numel() > 0) {
            device.logSoftmax(compactOperand(device, x, x.dtype()), dim, out.strided());
        }
        return out;
    }

    /**
     * The gradient of log-softmax along {@code dim}: grad - exp(y) * sum(grad), y the forward's output (see
     * {@link Device#logSoftmaxBackward}); in the wider dtype of the two.
     */
    public static Tensor logSoftmaxBackward(Tensor grad, Tensor y, int dim) {
        checkSameDevice("logSoftmaxBackward", grad, y);
        requireLines("logSoftmaxBackward", y);
        if (!Arrays.equals(grad.shapeRaw(), y.shapeRaw())) {
            throw new IllegalArgumentException("logSoftmaxBackward: grad has shape " + Shapes.str(grad.shapeRaw())
                    + " but y has shape " + Shapes.str(y.shapeRaw()) + "; pass the gradient of y, of y's shape");
        }
        dim = Shapes.normalizeDim("logSoftmaxBackward", dim, y.dim());
        Device device = y.device();
        DType dtype = DType.promote(grad.dtype(), y.dtype());
        Tensor out = zeros(device, dtype, y.shapeRaw());
        if (out.numel() > 0) {
            device.logSoftmaxBackward(compactOperand(device, grad, dtype), compactOperand(device, y, dtype), dim,
                    out.strided());
        }
        return out;
    }

    /** The fused log-softmax kernels work on lines along a dim, so a 0-d tensor (no dim) is refused by name. */
    private static void requireLines(String op, Tensor t) {
        if (t.dim() == 0) {
            throw new IllegalArgumentException(op + ": the tensor is 0-d, but the kernel works along a dim; give it"
                    + " rank 1 or more (Tensor.logSoftmax handles a scalar: its log-softmax is 0)");
        }
    }

    /**
     * Inverted dropout of x with the uniform draws {@code u} (same shape; converted to x's dtype and device layout):
     * returns {out, mask} with mask = u &gt;= p ? 1/(1 - p) : 0 and out = x * mask (see {@link Device#dropout}).
     */
    public static Tensor[] dropout(Tensor x, Tensor u, double p) {
        checkSameDevice("dropout", x, u);
        Device device = x.device();
        Tensor out = zeros(device, x.dtype(), x.shapeRaw());
        Tensor mask = zeros(device, x.dtype(), x.shapeRaw());
        if (out.numel() > 0) {
            device.dropout(compactOperand(device, x, x.dtype()), compactOperand(device, u, x.dtype()), p,
                    out.strided(), mask.strided());
        }
        return new Tensor[] {out, mask};
    }
}
