package gradlab.tensor;

import gradlab.tensor.autograd.GradMode;
import gradlab.tensor.device.BinaryOp;

/**
 * In-place writes ({@code addInPlace}, {@code fill}, {@code copyFrom}, ...): the checks PyTorch makes before writing,
 * then one kernel, then the version bump that lets autograd notice the change.
 *
 * <p>Refused, before anything is written:
 * <ul>
 *   <li>a tensor that requires grad, while grad mode is on (the engine does not record in-place ops; an optimizer
 *       writes under {@code noGrad()});</li>
 *   <li>an expanded destination: a stride-0 dim of size &gt; 1 makes several elements one memory location, so the
 *       write would land there several times;</li>
 *   <li>an operand that partly overlaps the destination in memory ({@code x.addInPlace(x.t())}): elements would be
 *       read after they were overwritten. The same view ({@code x.addInPlace(x)}) is fine.</li>
 * </ul>
 */
final class InPlace {
    private InPlace() {
    }

    /** dst = kernel(dst, other), other broadcast to dst's shape. */
    static Tensor binary(String op, BinaryOp kernel, Tensor dst, Tensor other) {
        checkDestination(op, dst);
        checkOperand(op, dst, other);
        Kernels.binaryInPlace(op, kernel, dst, other);
        dst.storage().bumpVersion(op);
        return dst;
    }

    /** dst = value everywhere. */
    static Tensor fill(String op, Tensor dst, double value) {
        checkDestination(op, dst);
        Kernels.fill(dst, value);
        dst.storage().bumpVersion(op);
        return dst;
    }

    /** dst = src (broadcast, converting dtype). */
    static Tensor copy(Tensor dst, Tensor src) {
        String op = "copyFrom";
        checkDestination(op, dst);
        checkOperand(op, dst, src);
        Shapes.broadcast(op, dst.shapeRaw(), src.shapeRaw());
        Kernels.copyInto(src, dst);
        dst.storage().bumpVersion(op);
        return dst;
    }

    private static void checkDestination(String op, Tensor dst) {
        if (dst.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a tensor that requires grad (" + (dst.isLeaf() ? "a leaf"
                    : "computed by " + dst.gradFn().name()) + ") cannot be modified in place while grad mode is on;"
                    + " use the out-of-place op, or wrap the update in try (var g = Tensor.noGrad()) { ... }");
        }
        for (int d = 0; d < dst.dim(); d++) {
            if (dst.stridesRaw()[d] == 0 && dst.shapeRaw()[d] > 1) {
                throw new IllegalArgumentException(op + ": more than one element of the written-to tensor refers to a"
                        + " single memory location (shape " + Shapes.str(dst.shapeRaw()) + ", strides "
                        + Shapes.str(dst.stridesRaw()) + ": an expanded tensor); call clone() first and write into"
                        + " the copy");
            }
        }
    }

    private static void checkOperand(String op, Tensor dst, Tensor other) {
        if (other == null) {
            throw new IllegalArgumentException(op + ": the other tensor is null; pass a tensor (or a number)");
        }
        if (!dst.sharesStorageWith(other) || dst.numel() == 0 || other.numel() == 0) {
            return;
        }
        var seen = Kernels.broadcastTo(other, Shapes.broadcast(op, dst.shapeRaw(), other.shapeRaw()));
        boolean sameView = seen.offset() == dst.offset() && java.util.Arrays.equals(seen.strides(), dst.stridesRaw());
        if (!sameView && overlaps(dst.offset(), dst.shapeRaw(), dst.stridesRaw(), other)) {
            throw new IllegalArgumentException(op + ": some elements of the other tensor and the written-to tensor"
                    + " refer to the same memory (a different view of the same storage, e.g. x and x.t()); call"
                    + " clone() on the other tensor first");
        }
    }

    /** Whether the memory spans [lowest, highest offset] of the two views intersect. */
    private static boolean overlaps(int offset, int[] shape, int[] strides, Tensor other) {
        long[] a = span(offset, shape, strides);
        long[] b = span(other.offset(), other.shapeRaw(), other.stridesRaw());
        return a[0] <= b[1] && b[0] <= a[1];
    }

    private static long[] span(int offset, int[] shape, int[] strides) {
        long lo = offset;
        long hi = offset;
        for (int d = 0; d < shape.length; d++) {
            long reach = (long) (shape[d] - 1) * strides[d];
            lo += Math.min(0, reach);
            hi += Math.max(0, reach);
        }
        return new long[] {lo, hi};
    }
}
