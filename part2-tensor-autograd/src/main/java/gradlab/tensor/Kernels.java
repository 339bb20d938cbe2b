package gradlab.tensor;

import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.Storage;
import gradlab.tensor.device.Strided;
import gradlab.tensor.device.UnaryOp;

/**
 * The bridge from tensors to {@link Device} kernels: allocate an output, line the operands up (broadcasting with
 * stride 0), call one kernel. Nothing here records autograd history; ops call these in their forward pass.
 *
 * <p>This is the only place where a tensor's storage meets a kernel, so a new device needs no change to any op.
 */
public final class Kernels {
    private Kernels() {
    }

    /** A new zero-filled contiguous tensor on {@code device}. */
    public static Tensor zeros(Device device, DType dtype, int[] shape) {
        Storage s = device.allocate(dtype, Shapes.numel(shape));
        return new Tensor(s, shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A new contiguous tensor holding {@code values} in row-major order. */
    public static Tensor fromDoubles(Device device, DType dtype, int[] shape, double[] values) {
        return new Tensor(device.fromDoubles(dtype, values), shape.clone(), Shapes.contiguousStrides(shape), 0);
    }

    /** A view of {@code base}'s storage with its own shape, strides and offset (no copy, no history). */
    public static Tensor view(Tensor base, int[] shape, int[] strides, int offset) {
        return new Tensor(base.storage(), shape.clone(), strides.clone(), offset);
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

    /** A contiguous copy of {@code t} in {@code dtype}. */
    public static Tensor copy(Tensor t, DType dtype) {
        Tensor out = zeros(t.device(), dtype, t.shape());
        t.device().copy(t.strided(), out.strided());
        return out;
    }

    /** dst = src (src broadcast to dst's shape), in place. */
    public static void copyInto(Tensor src, Tensor dst) {
        dst.device().copy(broadcastTo(src, dst.shapeRaw()), dst.strided());
    }

    /** dst = value everywhere, in place. */
    public static void fill(Tensor dst, double value) {
        dst.device().fill(dst.strided(), value);
    }

    /** y = op(x) elementwise, same shape and dtype as x. */
    public static Tensor unary(UnaryOp op, double param, Tensor x) {
        Tensor out = zeros(x.device(), x.dtype(), x.shapeRaw());
        x.device().unary(op, param, x.strided(), out.strided());
        return out;
    }

    /** z = op(a, b) elementwise with broadcasting; the dtype is the wider of the two. */
    public static Tensor binary(String opName, BinaryOp op, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(opName, a.shapeRaw(), b.shapeRaw());
        Tensor out = zeros(a.device(), DType.promote(a.dtype(), b.dtype()), shape);
        a.device().binary(op, broadcastTo(a, shape), broadcastTo(b, shape), out.strided());
        return out;
    }

    /** dst = op(dst, b) in place, b broadcast to dst's shape. */
    public static void binaryInPlace(String opName, BinaryOp op, Tensor dst, Tensor b) {
        int[] shape = Shapes.broadcast(opName, dst.shapeRaw(), b.shapeRaw());
        if (!java.util.Arrays.equals(shape, dst.shapeRaw())) {
            throw new IllegalArgumentException(opName + ": the other operand " + Shapes.str(b.shapeRaw())
                    + " broadcasts to " + Shapes.str(shape) + ", which is bigger than the tensor "
                    + Shapes.str(dst.shapeRaw()) + " written in place");
        }
        dst.device().binary(op, dst.strided(), broadcastTo(b, shape), dst.strided());
    }

    /** out = cond != 0 ? a : b, all three broadcast together. */
    public static Tensor where(String opName, Tensor cond, Tensor a, Tensor b) {
        int[] shape = Shapes.broadcast(opName, Shapes.broadcast(opName, cond.shapeRaw(), a.shapeRaw()), b.shapeRaw());
        Tensor out = zeros(a.device(), DType.promote(a.dtype(), b.dtype()), shape);
        a.device().where(broadcastTo(cond, shape), broadcastTo(a, shape), broadcastTo(b, shape), out.strided());
        return out;
    }

    /** Reduces the (normalised, sorted) {@code dims} of x; keepdim keeps them as size 1. */
    public static Tensor reduce(ReduceOp op, Tensor x, int[] dims, boolean keepdim) {
        int[] kept = Shapes.reducedShape(x.shapeRaw(), dims, true);
        Tensor out = zeros(x.device(), x.dtype(), kept);
        x.device().reduce(op, x.strided(), out.strided());
        return keepdim ? out : view(out, Shapes.reducedShape(x.shapeRaw(), dims, false),
                Shapes.contiguousStrides(Shapes.reducedShape(x.shapeRaw(), dims, false)), 0);
    }

    /**
     * Batched matrix product of a [..., n, k] and b [..., k, m] (both rank &gt;= 2) with broadcast batch dims;
     * shapes are checked by the caller.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.dim();
        int rb = b.dim();
        int[] batchA = java.util.Arrays.copyOf(a.shapeRaw(), ra - 2);
        int[] batchB = java.util.Arrays.copyOf(b.shapeRaw(), rb - 2);
        int[] batch = Shapes.broadcast("matmul", batchA, batchB);
        int n = a.size(-2);
        int k = a.size(-1);
        int m = b.size(-1);
        int[] shapeA = concat(batch, n, k);
        int[] shapeB = concat(batch, k, m);
        int[] shapeOut = concat(batch, n, m);
        Tensor out = zeros(a.device(), DType.promote(a.dtype(), b.dtype()), shapeOut);
        a.device().matmul(broadcastTo(a, shapeA), broadcastTo(b, shapeB), out.strided());
        return out;
    }

    private static int[] concat(int[] batch, int x, int y) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + 2);
        s[batch.length] = x;
        s[batch.length + 1] = y;
        return s;
    }

    /** out[i][j] = x[index[i][j]][j] (for dim 0; likewise for other dims); out has the index's shape. */
    public static Tensor gather(Tensor x, int dim, Tensor index) {
        Tensor out = zeros(x.device(), x.dtype(), index.shapeRaw());
        x.device().gather(x.strided(), dim, index.strided(), out.strided());
        return out;
    }

    /** A copy of {@code self} with src added at the positions named by index along dim. */
    public static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        Tensor out = copy(self, DType.promote(self.dtype(), src.dtype()));
        Strided srcView = new Strided(src.storage(), index.shapeRaw(), src.stridesRaw(), src.offset());
        self.device().scatterAdd(srcView, dim, index.strided(), out.strided());
        return out;
    }

    /** The slices of x at positions {@code index} (1-D) along dim. */
    public static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int[] shape = x.shape();
        shape[dim] = index.numel();
        Tensor out = zeros(x.device(), x.dtype(), shape);
        Strided idx = index.dim() == 0
                ? new Strided(index.storage(), new int[] {1}, new int[] {0}, index.offset())
                : index.strided();
        x.device().indexSelect(x.strided(), dim, idx, out.strided());
        return out;
    }
}
