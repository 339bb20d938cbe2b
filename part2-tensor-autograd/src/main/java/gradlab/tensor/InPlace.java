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
        int[] shape = Shapes.broadcast(op, dst.shapeRaw(), src.shapeRaw());
        if (!java.util.Arrays.equals(shape, dst.shapeRaw())) {
            throw new IllegalArgumentException(op + ": the source " + Shapes.str(src.shapeRaw()) + " broadcasts to "
                    + Shapes.str(shape) + ", which is bigger than the tensor " + Shapes.str(dst.shapeRaw())
                    + " written in place; the source must have the destination's shape or broadcast to it");
        }
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

    /**
     * PyTorch's partial-overlap rule: when both views are dense (their elements fill one block of memory, in some
     * order), they must either cover different blocks, or the same block in the same layout ({@code x.addInPlace(x)}).
     * Views with gaps or repeats (a column, every second element, a broadcast) are not checked, as in PyTorch: their
     * blocks can interleave without sharing an element.
     */
    private static void checkOperand(String op, Tensor dst, Tensor other) {
        if (other == null) {
            throw new IllegalArgumentException(op + ": the other tensor is null; pass a tensor (or a number)");
        }
        if (!dst.sharesStorageWith(other) || dst.numel() == 0 || other.numel() == 0
                || !isDense(dst) || !isDense(other)) {
            return;
        }
        long dstStart = start(dst);
        long otherStart = start(other);
        long dstEnd = dstStart + dst.numel();
        long otherEnd = otherStart + other.numel();
        boolean sameBlock = dstStart == otherStart && dstEnd == otherEnd;
        boolean sameLayout = sameBlock && java.util.Arrays.equals(dst.shapeRaw(), other.shapeRaw())
                && java.util.Arrays.equals(dst.stridesRaw(), other.stridesRaw());
        if (sameLayout) {
            return;
        }
        if (dstStart < otherEnd && otherStart < dstEnd) {
            throw new IllegalArgumentException(op + ": some elements of the other tensor and the written-to tensor"
                    + " refer to the same memory (a different view of the same storage, e.g. x and x.t()); call"
                    + " clone() on the other tensor first");
        }
    }

    /** Whether the elements fill one block of memory without gaps or repeats (row-major up to a permutation). */
    private static boolean isDense(Tensor t) {
        int[] shape = t.shapeRaw();
        int[] strides = t.stridesRaw();
        Integer[] dims = java.util.stream.IntStream.range(0, shape.length).filter(d -> shape[d] != 1).boxed()
                .sorted(java.util.Comparator.comparingInt(d -> Math.abs(strides[d]))).toArray(Integer[]::new);
        long expected = 1;
        for (int d : dims) {
            if (strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The lowest storage position a view reaches. */
    private static long start(Tensor t) {
        long lo = t.offset();
        for (int d = 0; d < t.dim(); d++) {
            lo += Math.min(0, (long) (t.shapeRaw()[d] - 1) * t.stridesRaw()[d]);
        }
        return lo;
    }
}
