package gradlab.tensor;

import gradlab.tensor.autograd.Engine;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.NoGrad;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.Storage;
import gradlab.tensor.device.Strided;
import gradlab.tensor.ops.*; // every op class: this class is their index
import gradlab.tensor.ops.Comparison.Relation;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An n-dimensional array of float64 or float32 numbers that can record how it was computed, so gradients flow back
 * to it (PyTorch's {@code torch.Tensor}).
 *
 * <p><b>Layout.</b> A tensor is a view: a {@link Storage} (a flat array on a {@link Device}) plus a shape, strides
 * and an offset. Element (i0, i1, ...) lives at {@code offset + i0*strides[0] + i1*strides[1] + ...}. Transpose,
 * slicing, expand and friends only change shape/strides/offset, so they share storage with their base and cost
 * nothing; {@link #contiguous()} copies only when the layout is not already row-major.
 *
 * <p><b>Autograd.</b> A tensor made by the user is a <em>leaf</em>; after {@link #requiresGrad(boolean)
 * requiresGrad(true)}, every op on it records a node ({@link #gradFn()}) and {@link #backward()} accumulates
 * dL/dx into {@link #grad()} of each leaf x. Every op is one class in {@code gradlab.tensor.ops}.
 *
 * <p><b>Broadcasting.</b> Binary ops follow NumPy's rules (see {@link Shapes#broadcast}); in backward the gradient
 * is summed back to each input's own shape. Mixed dtypes compute in the wider one (float32 op float64 gives
 * float64); an op with a plain {@code double} keeps the tensor's dtype.
 *
 * <p><b>Reading this class.</b> It is an index: each method is a line or two that hands the work to an op class in
 * {@code gradlab.tensor.ops} (forward and backward of one op), to {@link Factory} (creation) or to {@link InPlace}
 * (in-place writes). Ops check their own arguments, so their messages name the op.
 *
 * <p><b>Subclasses.</b> The class is open for one purpose: a subclass such as part 3's {@code Parameter} (a trainable
 * leaf) is a tensor over another tensor's data, made with {@link #Tensor(Tensor)}. Ops always return plain tensors.
 */
public class Tensor {
    private Storage storage;        // replaced only by setData, which moves a leaf (Module.to)
    private final int[] shape;
    private int[] strides;
    private int offset;
    private boolean requiresGrad;
    private Function gradFn;
    private Tensor grad;
    static boolean warnedNonLeafGrad; // package-private so a test can reset it

    Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /**
     * A new leaf over the same storage, shape, strides and offset as {@code data} (no copy, no gradient history, not
     * requiring grad): the base of subclasses like part 3's {@code Parameter}.
     */
    protected Tensor(Tensor data) {
        this(data.storage, data.shape, data.strides, data.offset);
    }

    // ------------------------------------------------------------------------------------------------ creation
    // Each factory creates on the default device and dtype (Defaults); Tensor.on(...) names them explicitly.

    /** A factory for {@code device} and {@code dtype}: {@code Tensor.on(device, DType.FLOAT32).zeros(3, 4)}. */
    public static Factory on(Device device, DType dtype) {
        return new Factory(device, dtype);
    }

    /** A factory for {@code dtype} on the default device: {@code Tensor.on(DType.FLOAT32).randn(3, 4)}. */
    public static Factory on(DType dtype) {
        return new Factory(Defaults.device(), dtype);
    }

    /** A factory for {@code device} with the default dtype. */
    public static Factory on(Device device) {
        return new Factory(device, Defaults.dtype());
    }

    /** The device new tensors go to when none is named (the CPU unless a {@link #usingDevice} scope is open). */
    public static Device defaultDevice() {
        return Defaults.device();
    }

    /** The dtype new tensors get when none is named (float64 unless a {@link #usingDType} scope is open). */
    public static DType defaultDType() {
        return Defaults.dtype();
    }

    /** A scope in which factories create on {@code device}: {@code try (var s = Tensor.usingDevice(d)) { ... }}. */
    public static Defaults usingDevice(Device device) {
        return Defaults.using(device);
    }

    /** A scope in which factories create {@code dtype} tensors (PyTorch's {@code set_default_dtype}, for a block). */
    public static Defaults usingDType(DType dtype) {
        return Defaults.using(dtype);
    }

    /** Reseeds the default generator that randn, rand, part 3's init and dropout draw from (torch.manual_seed). */
    public static void manualSeed(long seed) {
        Generator.defaultGenerator().manualSeed(seed);
    }

    /** A 1-D tensor of the given values: {@code Tensor.of(1, 2, 3)}. */
    public static Tensor of(double... values) {
        return Factory.defaults().of(values);
    }

    /** A 2-D tensor from rows of equal length. */
    public static Tensor of(double[][] rows) {
        return Factory.defaults().of(rows);
    }

    /** A tensor of the given shape holding {@code values} in row-major order. */
    public static Tensor of(int[] shape, double... values) {
        return Factory.defaults().of(shape, values);
    }

    /** A rank-0 (scalar) tensor. */
    public static Tensor scalar(double value) {
        return Factory.defaults().scalar(value);
    }

    /** A rank-0 tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return on(dtype).scalar(value);
    }

    public static Tensor zeros(int... shape) {
        return Factory.defaults().zeros(shape);
    }

    public static Tensor zeros(DType dtype, int... shape) {
        return on(dtype).zeros(shape);
    }

    public static Tensor ones(int... shape) {
        return Factory.defaults().ones(shape);
    }

    public static Tensor ones(DType dtype, int... shape) {
        return on(dtype).ones(shape);
    }

    /** A tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return Factory.defaults().full(value, shape);
    }

    public static Tensor full(DType dtype, double value, int... shape) {
        return on(dtype).full(value, shape);
    }

    /** Zeros with the shape, dtype and device of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return on(t.device(), t.dtype()).zeros(t.shape);
    }

    /** Ones with the shape, dtype and device of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return on(t.device(), t.dtype()).ones(t.shape);
    }

    /** 0, 1, ..., end-1. */
    public static Tensor arange(double end) {
        return Factory.defaults().arange(end);
    }

    /** start, start+step, ... while below end (above it for a negative step), as PyTorch's arange. */
    public static Tensor arange(double start, double end, double step) {
        return Factory.defaults().arange(start, end, step);
    }

    /** The n x n identity matrix. */
    public static Tensor eye(int n) {
        return Factory.defaults().eye(n);
    }

    /** Uniform samples in [0, 1) from the default generator: {@code Tensor.rand(3, 4)} is a [3, 4] tensor. */
    public static Tensor rand(int... shape) {
        return Factory.defaults().rand(shape);
    }

    /** Uniform samples in [0, 1) drawn from {@code generator} (e.g. {@code new Generator(seed)}). */
    public static Tensor rand(Random generator, int... shape) {
        return Factory.defaults().rand(generator, shape);
    }

    /** Standard normal samples from the default generator: {@code Tensor.randn(3, 4)} is a [3, 4] tensor. */
    public static Tensor randn(int... shape) {
        return Factory.defaults().randn(shape);
    }

    /** Standard normal samples drawn from {@code generator} (e.g. {@code new Generator(seed)}). */
    public static Tensor randn(Random generator, int... shape) {
        return Factory.defaults().randn(generator, shape);
    }

    // ------------------------------------------------------------------------------------------------ metadata

    /** A copy of the shape ({@code []} for a scalar). */
    public int[] shape() {
        return shape.clone();
    }

    /** The size of dim {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shapes.normalizeDim("size", d, shape.length)];
    }

    /** The number of dims (0 for a scalar). */
    public int dim() {
        return shape.length;
    }

    public int numel() {
        return Shapes.numel(shape);
    }

    /** A copy of the strides (in elements). */
    public int[] strides() {
        return strides.clone();
    }

    /** Position of element (0, 0, ...) in the storage. */
    public int offset() {
        return offset;
    }

    public DType dtype() {
        return storage.dtype();
    }

    public Device device() {
        return storage.device();
    }

    /** Whether the elements lie in row-major order with no gaps (size-1 dims may have any stride). */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, strides);
    }

    /** Whether {@code other} is a view of the same storage. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    /** The in-place modification count, shared by all views of one storage. */
    public int version() {
        return storage.version();
    }

    /** The name of the last in-place op that modified this tensor's storage (or null). */
    public String lastInPlaceOp() {
        return storage.lastInPlaceOp();
    }

    Storage storage() {
        return storage;
    }

    /**
     * When this tensor's storage was created ({@link Storage#serial()}, increasing): the autograd engine tells a
     * gradient made during a backward pass, which it may hand to a leaf without a copy, by it.
     */
    public long storageSerial() {
        return storage.serial();
    }

    /** Elements in this tensor's storage (more than {@link #numel()} when the tensor views a part of it). */
    public int storageSize() {
        return storage.size();
    }

    int[] shapeRaw() {
        return shape;
    }

    int[] stridesRaw() {
        return strides;
    }

    /** What a kernel sees of this tensor. */
    Strided strided() {
        return new Strided(storage, shape, strides, offset);
    }

    // ------------------------------------------------------------------------------------------------ values

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalStateException("item: a tensor with " + numel() + " elements (shape " + Shapes.str(shape)
                    + ") cannot be converted to a scalar; only one-element tensors can");
        }
        return toDoubleArray()[0];
    }

    /** The element at {@code index} (one index per dim; negative counts from the end). */
    public double get(int... index) {
        int at = Shapes.offsetOf("get", shape, strides, offset, index);
        return Kernels.toDoubles(new Tensor(storage, new int[0], new int[0], at))[0];
    }

    /** All elements in row-major order, as a new array. */
    public double[] toDoubleArray() {
        return Kernels.toDoubles(this);
    }

    /** Whether both have the same shape and |a - b| &lt;= atol + rtol*|b| everywhere (NaNs never match). */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return Comparison.allClose(this, other, rtol, atol);
    }

    // ------------------------------------------------------------------------------------------------ autograd

    /** Whether gradients flow to (leaf) or through (non-leaf) this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Sets whether this leaf collects gradients; {@code false} freezes it. Only leaves can change it: a computed
     * tensor requires grad exactly when one of its inputs does (use {@link #detach()} to cut it off).
     */
    public Tensor requiresGrad(boolean value) {
        if (gradFn != null) {
            throw new IllegalStateException("requiresGrad: you can only change requiresGrad flags of leaf tensors;"
                    + " this one was computed by " + gradFn.name() + ". Use detach() to get a tensor that does not"
                    + " require grad.");
        }
        requiresGrad = value;
        return this;
    }

    /** Whether this tensor was made by the user rather than computed by a recorded op. */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** The graph node that computed this tensor (null for leaves), e.g. {@code <MulBackward>}. */
    public Function gradFn() {
        return gradFn;
    }

    /** Called by {@link Function#apply} when it records the op that produced this tensor. Not for user code. */
    public void setGradFn(Function fn) {
        this.gradFn = fn;
        this.requiresGrad = true;
    }

    /**
     * dL/d(this) accumulated by backward calls, or null. Only leaves get one: for a computed tensor it stays null,
     * and (as PyTorch does) a warning says so once.
     */
    public Tensor grad() {
        if (gradFn != null && !warnedNonLeafGrad) {
            warnedNonLeafGrad = true;
            System.err.println("warning: grad() of a tensor that is not a leaf (computed by " + gradFn.name() + ") is"
                    + " always null: backward fills the grads of leaves only. Read the leaf's grad instead.");
        }
        return grad;
    }

    /** Replaces the gradient (null clears it); it must have this tensor's shape, dtype and device. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: gradient shape " + Shapes.str(g.shape)
                    + " does not match the tensor's shape " + Shapes.str(shape));
        }
        if (g != null && (g.dtype() != dtype() || g.device() != device())) {
            throw new IllegalArgumentException("setGrad: the gradient is " + g.dtype() + " on " + g.device().name()
                    + " but the tensor is " + dtype() + " on " + device().name() + "; convert it first with"
                    + " g.to(t.dtype()).to(t.device())");
        }
        this.grad = g;
    }

    /**
     * Points this leaf at {@code data}'s elements instead (same shape; any device or dtype), keeping the object, and
     * moves its gradient along: how {@code Module.to} moves a Parameter in place (PyTorch's {@code p.data = ...}).
     */
    public void setData(Tensor data) {
        if (data == null) {
            throw new IllegalArgumentException("setData: data is null; pass a tensor of shape " + Shapes.str(shape));
        }
        if (gradFn != null) {
            throw new IllegalStateException("setData: only a leaf's data can be replaced; this tensor was computed by "
                    + gradFn.name());
        }
        if (!Arrays.equals(data.shape, shape)) {
            throw new IllegalArgumentException("setData: the new data has shape " + Shapes.str(data.shape)
                    + " but this tensor has shape " + Shapes.str(shape) + "; reshape it first");
        }
        storage = data.storage;
        strides = data.strides.clone();
        offset = data.offset;
        if (grad != null) {
            try (var g = noGrad()) {
                grad = grad.to(data.dtype()).to(data.device());
            }
        }
    }

    /** Clears the accumulated gradient (sets it to null, as PyTorch's {@code zero_grad()} does by default). */
    public void zeroGrad() {
        this.grad = null;
    }

    /** Backpropagates from this one-element tensor (dL/d(this) = 1), accumulating into leaves' grads. */
    public void backward() {
        Engine.backward(this, null, false, false);
    }

    /** Backpropagates with {@code seed} = dL/d(this) (same shape as this tensor). */
    public void backward(Tensor seed) {
        Engine.backward(this, seed, false, false);
    }

    /**
     * Backpropagates with {@code seed} (null for a one-element tensor). {@code retainGraph} keeps saved tensors so
     * the graph can be backpropagated again; {@code createGraph} records the backward pass itself, so the gradients
     * can be differentiated (second derivatives).
     */
    public void backward(Tensor seed, boolean retainGraph, boolean createGraph) {
        Engine.backward(this, seed, retainGraph, createGraph);
    }

    /** A tensor sharing this one's storage but cut off from the graph (no gradFn, requiresGrad false). */
    public Tensor detach() {
        return Kernels.view(this, shape, strides, offset);
    }

    /** A scope in which no op records history: {@code try (var g = Tensor.noGrad()) { ... }}. */
    public static NoGrad noGrad() {
        return new NoGrad();
    }

    // ------------------------------------------------------------------------------------------------ elementwise
    // Tensor operands of another dtype are promoted to the wider one by Function.apply; a plain number keeps this
    // tensor's dtype (scalarLike).

    public Tensor add(Tensor other) {
        return new Add().apply(this, other);
    }

    public Tensor add(double value) {
        return add(scalarLike(value));
    }

    public Tensor sub(Tensor other) {
        return new Sub().apply(this, other);
    }

    public Tensor sub(double value) {
        return sub(scalarLike(value));
    }

    public Tensor mul(Tensor other) {
        return new Mul().apply(this, other);
    }

    public Tensor mul(double value) {
        return mul(scalarLike(value));
    }

    public Tensor div(Tensor other) {
        return new Div().apply(this, other);
    }

    public Tensor div(double value) {
        return div(scalarLike(value));
    }

    /** value - this. */
    public Tensor rsub(double value) {
        return scalarLike(value).sub(this);
    }

    public Tensor neg() {
        return new Neg().apply(this);
    }

    /** this^exponent elementwise. */
    public Tensor pow(double exponent) {
        return new PowScalar(exponent).apply(this);
    }

    /** this^exponent elementwise, with a tensor exponent (broadcast). */
    public Tensor pow(Tensor exponent) {
        return new Pow().apply(this, exponent);
    }

    public Tensor exp() {
        return new Exp().apply(this);
    }

    /** Natural logarithm (NaN below 0, -inf at 0, as IEEE). */
    public Tensor log() {
        return new Log().apply(this);
    }

    public Tensor sqrt() {
        return new Sqrt().apply(this);
    }

    public Tensor abs() {
        return new Abs().apply(this);
    }

    public Tensor tanh() {
        return new Tanh().apply(this);
    }

    /** The error function erf x = 2/sqrt(pi) * integral_0^x e^(-t^2) dt, elementwise (as torch.erf). */
    public Tensor erf() {
        return new Erf().apply(this);
    }

    public Tensor sigmoid() {
        return new Sigmoid().apply(this);
    }

    public Tensor relu() {
        return new Relu().apply(this);
    }

    /** x if x &gt; 0 else slope*x. */
    public Tensor leakyRelu(double negativeSlope) {
        return new LeakyRelu(negativeSlope).apply(this);
    }

    /** Limits every element to [min, max]. */
    public Tensor clamp(double min, double max) {
        return new Clamp(min, max).apply(this);
    }

    /** Limits every element to at least min. */
    public Tensor clampMin(double min) {
        return clamp(min, Double.POSITIVE_INFINITY);
    }

    /** Limits every element to at most max. */
    public Tensor clampMax(double max) {
        return clamp(Double.NEGATIVE_INFINITY, max);
    }

    /** Elementwise max(this, other), broadcast. */
    public Tensor maximum(Tensor other) {
        return new Maximum().apply(this, other);
    }

    /** Elementwise min(this, other), broadcast. */
    public Tensor minimum(Tensor other) {
        return new Minimum().apply(this, other);
    }

    /** condition != 0 ? a : b, elementwise and broadcast. Not differentiable in condition. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return new Where(condition).apply(a, b);
    }

    /** A copy with {@code value} wherever {@code mask} (broadcast to this shape) is non-zero. */
    public Tensor maskedFill(Tensor mask, double value) {
        return new MaskedFill(mask, value).apply(this);
    }

    // Comparisons give 1/0 masks in the promoted dtype; not differentiable (see Comparison).

    public Tensor gt(Tensor other) {
        return Comparison.compare(Relation.GT, this, other);
    }

    public Tensor gt(double value) {
        return gt(scalarLike(value));
    }

    public Tensor lt(Tensor other) {
        return Comparison.compare(Relation.LT, this, other);
    }

    public Tensor lt(double value) {
        return lt(scalarLike(value));
    }

    public Tensor ge(Tensor other) {
        return Comparison.compare(Relation.GE, this, other);
    }

    public Tensor ge(double value) {
        return ge(scalarLike(value));
    }

    public Tensor le(Tensor other) {
        return Comparison.compare(Relation.LE, this, other);
    }

    public Tensor le(double value) {
        return le(scalarLike(value));
    }

    public Tensor eq(Tensor other) {
        return Comparison.compare(Relation.EQ, this, other);
    }

    public Tensor eq(double value) {
        return eq(scalarLike(value));
    }

    /** -1, 0 or 1 per element; NaN stays NaN (see {@link Sign}). Not differentiable. */
    public Tensor sign() {
        return Sign.sign(this);
    }

    // ------------------------------------------------------------------------------------------------ reductions
    // dims may be negative; an empty dims array means all dims; keepdim keeps them as size 1.

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return sum(new int[0], false);
    }

    public Tensor sum(int dim) {
        return sum(new int[] {dim}, false);
    }

    public Tensor sum(int dim, boolean keepdim) {
        return sum(new int[] {dim}, keepdim);
    }

    public Tensor sum(int[] dims, boolean keepdim) {
        return new Sum(Shapes.normalizeDims("sum", dims, dim()), keepdim).apply(this);
    }

    public Tensor mean() {
        return mean(new int[0], false);
    }

    public Tensor mean(int dim) {
        return mean(new int[] {dim}, false);
    }

    public Tensor mean(int dim, boolean keepdim) {
        return mean(new int[] {dim}, keepdim);
    }

    public Tensor mean(int[] dims, boolean keepdim) {
        return new Mean(Shapes.normalizeDims("mean", dims, dim()), keepdim).apply(this);
    }

    /** Largest element (NaN if any is NaN). */
    public Tensor max() {
        return max(new int[0], false);
    }

    public Tensor max(int dim, boolean keepdim) {
        return max(new int[] {dim}, keepdim);
    }

    /** Max over dims (PyTorch's amax); the gradient is shared evenly among tied maxima. */
    public Tensor max(int[] dims, boolean keepdim) {
        return new Max(Shapes.normalizeDims("max", dims, dim()), keepdim).apply(this);
    }

    public Tensor min() {
        return min(new int[0], false);
    }

    public Tensor min(int dim, boolean keepdim) {
        return min(new int[] {dim}, keepdim);
    }

    public Tensor min(int[] dims, boolean keepdim) {
        return new Min(Shapes.normalizeDims("min", dims, dim()), keepdim).apply(this);
    }

    /** Unbiased variance of all elements (divides by n - 1, as torch.var). */
    public Tensor var() {
        return var(new int[0], false);
    }

    public Tensor var(int dim, boolean keepdim) {
        return var(new int[] {dim}, keepdim);
    }

    public Tensor var(int[] dims, boolean keepdim) {
        return new Var(Shapes.normalizeDims("var", dims, dim()), keepdim).apply(this);
    }

    /** log(sum(exp(x))) over dim, computed stably as m + log(sum(exp(x - m))) with m the max. */
    public Tensor logSumExp(int dim, boolean keepdim) {
        return logSumExp(new int[] {dim}, keepdim);
    }

    public Tensor logSumExp(int[] dims, boolean keepdim) {
        return new LogSumExp(Shapes.normalizeDims("logSumExp", dims, dim()), keepdim).apply(this);
    }

    /** exp(x) / sum(exp(x)) along dim (stable: the max is subtracted first). */
    public Tensor softmax(int dim) {
        return new Softmax(Shapes.normalizeDim("softmax", dim, dim())).apply(this);
    }

    /** x - logSumExp(x) along dim. */
    public Tensor logSoftmax(int dim) {
        return new LogSoftmax(Shapes.normalizeDim("logSoftmax", dim, dim())).apply(this);
    }

    /** Index of the largest element in the flattened tensor (first one on ties), as a scalar. Not differentiable. */
    public Tensor argmax() {
        return reshape(-1).argmax(0, false);
    }

    /** Index of the largest element along dim (see {@link Argmax}). Not differentiable. */
    public Tensor argmax(int dim, boolean keepdim) {
        return Argmax.argmax(this, dim, keepdim);
    }

    /** One-hot rows of shape indices.shape + [numClasses] (see {@link OneHot}). Not differentiable. */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        return OneHot.oneHot(indices, numClasses);
    }

    // ------------------------------------------------------------------------------------------------ linear algebra

    /** Matrix product of two 2-D tensors: [n, k] x [k, m] -&gt; [n, m]. */
    public Tensor mm(Tensor other) {
        return new Mm().apply(this, other);
    }

    /** Matrix product with PyTorch's matmul rules for vectors and batches (see {@link Matmul}). */
    public Tensor matmul(Tensor other) {
        return Matmul.matmul(this, other);
    }

    // ------------------------------------------------------------------------------------------------ joining, indexing

    /** Joins tensors along an existing dim; all other dims must match. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        return new Cat(dim).apply(Cat.nonEmpty("cat", tensors));
    }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        return new Stack(dim).apply(Cat.nonEmpty("stack", tensors));
    }

    /** out[i][j] = this[index[i][j]][j] for dim 0 (likewise for other dims); index holds whole numbers. */
    public Tensor gather(int dim, Tensor index) {
        return new Gather(Shapes.normalizeDim("gather", dim, dim()), index).apply(this);
    }

    /** The slices at positions {@code index} (a 1-D tensor of whole numbers) along dim. */
    public Tensor indexSelect(int dim, Tensor index) {
        return new IndexSelect(Shapes.normalizeDim("indexSelect", dim, dim()), index).apply(this);
    }

    /** A copy of this with src[i][j] added at row index[i][j] (for dim 0); the reverse of gather. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return new ScatterAdd(Shapes.normalizeDim("scatterAdd", dim, dim()), index).apply(this, src);
    }

    // ------------------------------------------------------------------------------------------------ views

    /** The same elements seen with a new shape (one size may be -1); no copy, so the layout must allow it. */
    public Tensor view(int... newShape) {
        return new View(Shapes.inferShape("view", shape, newShape)).apply(this);
    }

    /** Like {@link #view}, but copies first when the layout does not allow a view. */
    public Tensor reshape(int... newShape) {
        int[] target = Shapes.inferShape("reshape", shape, newShape);
        return View.viewStrides(shape, strides, target) != null ? new View(target).apply(this) : clone().view(target);
    }

    /** Swaps two dims (a view). */
    public Tensor transpose(int dim0, int dim1) {
        return new Transpose(Shapes.normalizeDim("transpose", dim0, dim()),
                Shapes.normalizeDim("transpose", dim1, dim())).apply(this);
    }

    /** The transpose of a matrix (tensors of rank below 2 are returned as they are). */
    public Tensor t() {
        if (dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dims, got " + Shapes.str(shape)
                    + "; use transpose(dim0, dim1) or permute");
        }
        return dim() < 2 ? this : transpose(0, 1);
    }

    /** Reorders the dims: output dim i is input dim {@code dims[i]} (a view). */
    public Tensor permute(int... dims) {
        return new Permute(Shapes.permutation("permute", dims, shape)).apply(this);
    }

    /** Repeats size-1 dims (and adds leading dims) without copying; -1 keeps a size. */
    public Tensor expand(int... newShape) {
        return new Expand(newShape).apply(this);
    }

    /** {@link #expand} to other's shape. */
    public Tensor expandAs(Tensor other) {
        return expand(other.shape);
    }

    /** Elements start .. start+length-1 of dim (a view). */
    public Tensor narrow(int dim, int start, int length) {
        return Slice.narrow(this, dim, start, length);
    }

    /** Python's x[start:end:step] along dim (a view); start/end are clamped to the dim like Python slices. */
    public Tensor slice(int dim, int start, int end, int step) {
        return Slice.pythonSlice(this, dim, start, end, step);
    }

    /** The slice at {@code index} of dim, with that dim removed (a view). */
    public Tensor select(int dim, int index) {
        return new Select(dim, index).apply(this);
    }

    /** Removes all size-1 dims (a view). */
    public Tensor squeeze() {
        return new Squeeze(-1).apply(this);
    }

    /** Removes dim if it has size 1 (otherwise returns an equal view). */
    public Tensor squeeze(int dim) {
        return new Squeeze(Shapes.normalizeDim("squeeze", dim, dim())).apply(this);
    }

    /** Inserts a size-1 dim at {@code dim} (in [-rank-1, rank]). */
    public Tensor unsqueeze(int dim) {
        return new Unsqueeze(Shapes.normalizeDim("unsqueeze", dim, dim() + 1)).apply(this);
    }

    /** All dims merged into one. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Dims startDim..endDim merged into one. */
    public Tensor flatten(int startDim, int endDim) {
        return reshape(Shapes.flattened("flatten", shape, startDim, endDim));
    }

    /** This tensor if already row-major, otherwise a row-major copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : clone();
    }

    /** A copy with its own (row-major) storage; differentiable (gradFn CloneBackward). */
    @Override
    public Tensor clone() {
        return new Clone().apply(this);
    }

    /** This tensor converted to {@code dtype} (itself if it already has it); differentiable. */
    public Tensor to(DType target) {
        if (target == null) {
            throw new IllegalArgumentException("to: dtype is null; pass DType.FLOAT32 or DType.FLOAT64");
        }
        return target == dtype() ? this : new ToDType(target).apply(this);
    }

    /** This tensor copied to {@code target} (itself if already there); differentiable, the gradient goes back. */
    public Tensor to(Device target) {
        if (target == null) {
            throw new IllegalArgumentException("to: device is null; pass a device such as CpuDevice.INSTANCE");
        }
        return target == device() ? this : new ToDevice(target).apply(this);
    }

    /** Reduces a broadcast gradient back to {@code target} (see {@link SumToSize}). */
    public Tensor sumToSize(int... target) {
        return SumToSize.sumToSize(this, target);
    }

    // ------------------------------------------------------------------------------------------------ in place
    // Not recorded by autograd; refused on tensors that require grad while grad mode is on (see InPlace).

    /** this += other (broadcast), in place. */
    public Tensor addInPlace(Tensor other) {
        return InPlace.binary("addInPlace", BinaryOp.ADD, this, other);
    }

    /** this -= other (broadcast), in place. */
    public Tensor subInPlace(Tensor other) {
        return InPlace.binary("subInPlace", BinaryOp.SUB, this, other);
    }

    /** this *= other (broadcast), in place. */
    public Tensor mulInPlace(Tensor other) {
        return InPlace.binary("mulInPlace", BinaryOp.MUL, this, other);
    }

    /** this *= value, in place. */
    public Tensor mulInPlace(double value) {
        return mulInPlace(scalarLike(value));
    }

    /** Every element set to value, in place. */
    public Tensor fill(double value) {
        return InPlace.fill("fill", this, value);
    }

    /** Every element set to 0, in place. */
    public Tensor zero() {
        return InPlace.fill("zero", this, 0.0);
    }

    /** this = src (broadcast, converting dtype), in place. */
    public Tensor copyFrom(Tensor src) {
        return InPlace.copy(this, src);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A scalar tensor of this tensor's dtype and device (a plain number in an op keeps the tensor's dtype). */
    public Tensor scalarLike(double value) {
        return Kernels.fromDoubles(device(), dtype(), new int[0], new double[] {value});
    }

    /** PyTorch-style printing, e.g. {@code tensor([[1., 2.]], requiresGrad=true)}. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
