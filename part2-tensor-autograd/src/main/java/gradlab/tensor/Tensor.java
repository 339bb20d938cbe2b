package gradlab.tensor;

import gradlab.tensor.autograd.Engine;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.autograd.GradMode;
import gradlab.tensor.autograd.NoGrad;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.Storage;
import gradlab.tensor.device.Strided;
import gradlab.tensor.device.UnaryOp;
import gradlab.tensor.ops.Abs;
import gradlab.tensor.ops.Add;
import gradlab.tensor.ops.Bmm;
import gradlab.tensor.ops.Cat;
import gradlab.tensor.ops.Clamp;
import gradlab.tensor.ops.Clone;
import gradlab.tensor.ops.Div;
import gradlab.tensor.ops.Erf;
import gradlab.tensor.ops.Exp;
import gradlab.tensor.ops.Expand;
import gradlab.tensor.ops.Gather;
import gradlab.tensor.ops.IndexSelect;
import gradlab.tensor.ops.LeakyRelu;
import gradlab.tensor.ops.Log;
import gradlab.tensor.ops.LogSoftmax;
import gradlab.tensor.ops.LogSumExp;
import gradlab.tensor.ops.MaskedFill;
import gradlab.tensor.ops.Max;
import gradlab.tensor.ops.Maximum;
import gradlab.tensor.ops.Mean;
import gradlab.tensor.ops.Min;
import gradlab.tensor.ops.Minimum;
import gradlab.tensor.ops.Mm;
import gradlab.tensor.ops.Mul;
import gradlab.tensor.ops.Neg;
import gradlab.tensor.ops.Permute;
import gradlab.tensor.ops.Pow;
import gradlab.tensor.ops.PowScalar;
import gradlab.tensor.ops.Relu;
import gradlab.tensor.ops.ScatterAdd;
import gradlab.tensor.ops.Select;
import gradlab.tensor.ops.Sigmoid;
import gradlab.tensor.ops.Slice;
import gradlab.tensor.ops.Softmax;
import gradlab.tensor.ops.Sqrt;
import gradlab.tensor.ops.Squeeze;
import gradlab.tensor.ops.Stack;
import gradlab.tensor.ops.Sub;
import gradlab.tensor.ops.Sum;
import gradlab.tensor.ops.Tanh;
import gradlab.tensor.ops.ToDType;
import gradlab.tensor.ops.ToDevice;
import gradlab.tensor.ops.Transpose;
import gradlab.tensor.ops.Unsqueeze;
import gradlab.tensor.ops.Var;
import gradlab.tensor.ops.View;
import gradlab.tensor.ops.Where;
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
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1) {
                if (strides[d] != expected) {
                    return false;
                }
                expected *= shape[d];
            }
        }
        return true;
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
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices given for a tensor of rank "
                    + shape.length + " (shape " + Shapes.str(shape) + ")");
        }
        int off = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException("get: index " + index[d] + " is out of range for dim " + d
                        + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
            }
            off += i * strides[d];
        }
        return Kernels.toDoubles(new Tensor(storage, new int[0], new int[0], off))[0];
    }

    /** All elements in row-major order, as a new array. */
    public double[] toDoubleArray() {
        return Kernels.toDoubles(this);
    }

    /** Whether both have the same shape and |a - b| &lt;= atol + rtol*|b| everywhere (NaNs never match). */
    public boolean allClose(Tensor other, double rtol, double atol) {
        if (!Arrays.equals(shape, other.shape)) {
            return false;
        }
        double[] a = toDoubleArray();
        double[] b = other.toDoubleArray();
        for (int i = 0; i < a.length; i++) {
            if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i])) && a[i] != b[i]) {
                return false;
            }
        }
        return true;
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

    /** dL/d(this) accumulated by backward calls (leaves only), or null. */
    public Tensor grad() {
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

    public Tensor add(Tensor other) {
        Tensor[] p = promote(this, other);
        return new Add().apply(p[0], p[1]);
    }

    public Tensor add(double value) {
        return add(scalarLike(value));
    }

    public Tensor sub(Tensor other) {
        Tensor[] p = promote(this, other);
        return new Sub().apply(p[0], p[1]);
    }

    public Tensor sub(double value) {
        return sub(scalarLike(value));
    }

    public Tensor mul(Tensor other) {
        Tensor[] p = promote(this, other);
        return new Mul().apply(p[0], p[1]);
    }

    public Tensor mul(double value) {
        return mul(scalarLike(value));
    }

    public Tensor div(Tensor other) {
        Tensor[] p = promote(this, other);
        return new Div().apply(p[0], p[1]);
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
        Tensor[] p = promote(this, exponent);
        return new Pow().apply(p[0], p[1]);
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
        return new Clamp(min, Double.POSITIVE_INFINITY).apply(this);
    }

    /** Limits every element to at most max. */
    public Tensor clampMax(double max) {
        return new Clamp(Double.NEGATIVE_INFINITY, max).apply(this);
    }

    /** Elementwise max(this, other), broadcast. */
    public Tensor maximum(Tensor other) {
        Tensor[] p = promote(this, other);
        return new Maximum().apply(p[0], p[1]);
    }

    /** Elementwise min(this, other), broadcast. */
    public Tensor minimum(Tensor other) {
        Tensor[] p = promote(this, other);
        return new Minimum().apply(p[0], p[1]);
    }

    /** condition != 0 ? a : b, elementwise and broadcast. Not differentiable in condition. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        Tensor[] p = promote(a, b);
        return new Where(condition).apply(p[0], p[1]);
    }

    /** A copy with {@code value} wherever {@code mask} (broadcast to this shape) is non-zero. */
    public Tensor maskedFill(Tensor mask, double value) {
        return new MaskedFill(mask, value).apply(this);
    }

    // Comparisons give 1/0 masks in the promoted dtype; they are not differentiable (nothing is recorded).

    public Tensor gt(Tensor other) {
        return Kernels.binary("gt", BinaryOp.GT, this, other);
    }

    public Tensor gt(double value) {
        return gt(scalarLike(value));
    }

    public Tensor lt(Tensor other) {
        return Kernels.binary("lt", BinaryOp.LT, this, other);
    }

    public Tensor lt(double value) {
        return lt(scalarLike(value));
    }

    public Tensor ge(Tensor other) {
        return Kernels.binary("ge", BinaryOp.GE, this, other);
    }

    public Tensor ge(double value) {
        return ge(scalarLike(value));
    }

    public Tensor le(Tensor other) {
        return Kernels.binary("le", BinaryOp.LE, this, other);
    }

    public Tensor le(double value) {
        return le(scalarLike(value));
    }

    public Tensor eq(Tensor other) {
        return Kernels.binary("eq", BinaryOp.EQ, this, other);
    }

    public Tensor eq(double value) {
        return eq(scalarLike(value));
    }

    /**
     * -1, 0 or 1 per element (Math.signum); not differentiable. NaN stays NaN, as in NumPy; PyTorch gives 0 there
     * (pytorch/pytorch#41245, open since 2020), which would hide a NaN from every check downstream.
     */
    public Tensor sign() {
        return Kernels.unary(UnaryOp.SIGN, 0, this);
    }

    // ------------------------------------------------------------------------------------------------ reductions

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

    /** Sum over {@code dims} (all dims if empty); keepdim keeps them as size 1. */
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

    /** Index of the largest element in the flattened tensor (first one on ties), as a float64 scalar. */
    public Tensor argmax() {
        return reshape(-1).argmax(0, false);
    }

    /**
     * Index of the largest element along dim (first one on ties; a NaN counts as the largest, as in PyTorch), as
     * float64 values. Not differentiable. Built from primitives: hit = (x == max) or (x != x);
     * candidates = where(hit, position, +inf); argmax = min(candidates).
     */
    public Tensor argmax(int dim, boolean keepdim) {
        int d = Shapes.normalizeDim("argmax", dim, dim());
        if (dim() == 0) {
            return Tensor.on(device(), dtype()).scalar(0);
        }
        int[] d1 = {d};
        Tensor max = Kernels.reduce(ReduceOp.MAX, this, d1, true);
        int[] posShape = new int[dim()];
        Arrays.fill(posShape, 1);
        posShape[d] = shape[d];
        Tensor positions = Kernels.fromDoubles(device(), dtype(), posShape, arange(shape[d]).toDoubleArray());
        Tensor isMax = Kernels.binary("argmax", BinaryOp.EQ, this, max);
        // max is NaN where a line holds a NaN, and x == NaN is false everywhere: mark NaNs (x != x) as hits too
        Tensor isNaN = Kernels.binary("argmax", BinaryOp.EQ, Kernels.binary("argmax", BinaryOp.EQ, this, this),
                scalarLike(0));
        Tensor hit = Kernels.binary("argmax", BinaryOp.MAXIMUM, isMax, isNaN);
        Tensor candidates = Kernels.where("argmax", hit, positions, scalarLike(Double.POSITIVE_INFINITY));
        return Kernels.reduce(ReduceOp.MIN, candidates, d1, keepdim);
    }

    /**
     * One-hot rows: for indices of shape S, a tensor of shape S + [numClasses] with 1 at each index. Indices must be
     * whole numbers in [0, numClasses). Not differentiable.
     */
    public static Tensor oneHot(Tensor indices, int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("oneHot: numClasses must be at least 1, got " + numClasses
                    + "; pass the number of classes (e.g. 10 for the ten MNIST digits)");
        }
        for (double v : indices.toDoubleArray()) {
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException("oneHot: class index " + v + " is not a whole number; indices must"
                        + " be whole numbers in [0, " + (numClasses - 1) + "] (class labels, e.g. from argmax)");
            }
            if (v < 0 || v >= numClasses) {
                // a whole number, printed without ".0" unless it is too big for a long (1.0E19, Infinity)
                String index = v == (long) v ? Long.toString((long) v) : Double.toString(v);
                throw new IndexOutOfBoundsException("oneHot: class index " + index + " is out of range for"
                        + " numClasses " + numClasses + "; indices must be whole numbers in [0, " + (numClasses - 1)
                        + "] (fix the labels or pass a larger numClasses)");
            }
        }
        Tensor classes = Kernels.fromDoubles(indices.device(), indices.dtype(), new int[] {numClasses},
                arange(numClasses).toDoubleArray());
        return Kernels.binary("oneHot", BinaryOp.EQ, indices.detach().unsqueeze(-1), classes);
    }

    // ------------------------------------------------------------------------------------------------ linear algebra

    /** Matrix product of two 2-D tensors: [n, k] x [k, m] -&gt; [n, m]. */
    public Tensor mm(Tensor other) {
        if (dim() != 2 || other.dim() != 2) {
            throw new IllegalArgumentException("mm: both arguments must be 2-D, got " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape) + "; use matmul for vectors and batches");
        }
        Tensor[] p = promote(this, other);
        return new Mm().apply(p[0], p[1]);
    }

    /**
     * Matrix product with PyTorch's matmul rules: 1-D x 1-D is a dot product; a 1-D left (right) argument is treated
     * as a row (column) and that dim removed afterwards; 2-D x 2-D is {@link #mm}; otherwise a batched product with
     * the batch dims broadcast.
     */
    public Tensor matmul(Tensor other) {
        if (dim() == 0 || other.dim() == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least 1 dim, got "
                    + Shapes.str(shape) + " and " + Shapes.str(other.shape));
        }
        if (dim() == 1 && other.dim() == 1) {
            if (shape[0] != other.shape[0]) {
                throw new IllegalArgumentException("matmul: cannot take the dot product of " + Shapes.str(shape)
                        + " and " + Shapes.str(other.shape) + ": " + shape[0] + " != " + other.shape[0]);
            }
            return unsqueeze(0).mm(other.unsqueeze(1)).reshape();
        }
        // checked here, on the caller's shapes, before a vector becomes a [1, k] row or a [k, 1] column
        if (dim() == 1 && shape[0] != other.size(-2)) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(shape) + " by "
                    + Shapes.str(other.shape) + ": " + shape[0] + " != " + other.size(-2)
                    + " (a 1-D first argument's length must equal the second's dim -2)");
        }
        if (other.dim() == 1 && size(-1) != other.shape[0]) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(shape) + " by "
                    + Shapes.str(other.shape) + ": " + size(-1) + " != " + other.shape[0]
                    + " (a 1-D second argument's length must equal the first's last dim)");
        }
        if (dim() == 1) {
            return unsqueeze(0).matmul(other).squeeze(-2);
        }
        if (other.dim() == 1) {
            return matmul(other.unsqueeze(1)).squeeze(-1);
        }
        if (size(-1) != other.size(-2)) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.str(shape) + " by "
                    + Shapes.str(other.shape) + ": " + size(-1) + " != " + other.size(-2));
        }
        if (dim() == 2 && other.dim() == 2) {
            return mm(other);
        }
        Tensor[] p = promote(this, other);
        return new Bmm().apply(p[0], p[1]);
    }

    // ------------------------------------------------------------------------------------------------ joining, indexing

    /** Joins tensors along an existing dim; all other dims must match. */
    public static Tensor cat(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("cat: expected a non-empty list of tensors");
        }
        return new Cat(dim).apply(promoteAll(tensors));
    }

    /** Stacks equal-shaped tensors along a new dim. */
    public static Tensor stack(List<Tensor> tensors, int dim) {
        if (tensors.isEmpty()) {
            throw new IllegalArgumentException("stack: expected a non-empty list of tensors");
        }
        return new Stack(dim).apply(promoteAll(tensors));
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
        Tensor[] p = promote(this, src);
        return new ScatterAdd(Shapes.normalizeDim("scatterAdd", dim, dim()), index).apply(p[0], p[1]);
    }

    // ------------------------------------------------------------------------------------------------ views

    /** The same elements seen with a new shape (one size may be -1); no copy, so the layout must allow it. */
    public Tensor view(int... newShape) {
        return new View(Shapes.inferShape("view", shape, newShape)).apply(this);
    }

    /** Like {@link #view}, but copies first when the layout does not allow a view. */
    public Tensor reshape(int... newShape) {
        int[] target = Shapes.inferShape("reshape", shape, newShape);
        if (View.viewStrides(shape, strides, target) != null) {
            return new View(target).apply(this);
        }
        return contiguous().view(target);
    }

    /** Swaps two dims (a view). */
    public Tensor transpose(int dim0, int dim1) {
        int a = Shapes.normalizeDim("transpose", dim0, dim());
        int b = Shapes.normalizeDim("transpose", dim1, dim());
        return new Transpose(a, b).apply(this);
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
        if (dims.length != dim()) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(dims) + " names " + dims.length
                    + " dims but the tensor has shape " + Shapes.str(shape));
        }
        return new Permute(Shapes.normalizeDimsKeepOrder("permute", dims, dim())).apply(this);
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
        int d = Shapes.normalizeDim("narrow", dim, dim());
        int s = start < 0 ? start + shape[d] : start;
        if (s < 0 || length < 0 || s + length > shape[d]) {
            throw new IndexOutOfBoundsException("narrow: start " + start + " and length " + length
                    + " do not fit in dim " + dim + " of size " + shape[d] + " (shape " + Shapes.str(shape) + ")");
        }
        return new Slice(d, s, s + length, 1).apply(this);
    }

    /** Python's x[start:end:step] along dim (a view); start/end are clamped to the dim like Python slices. */
    public Tensor slice(int dim, int start, int end, int step) {
        int d = Shapes.normalizeDim("slice", dim, dim());
        if (step <= 0) {
            throw new IllegalArgumentException("slice: step must be positive, got " + step);
        }
        int n = shape[d];
        int s = Math.min(Math.max(start < 0 ? start + n : start, 0), n);
        int e = Math.min(Math.max(end < 0 ? end + n : end, s), n);
        return new Slice(d, s, e, step).apply(this);
    }

    /** The slice at {@code index} of dim, with that dim removed (a view). */
    public Tensor select(int dim, int index) {
        int d = Shapes.normalizeDim("select", dim, dim());
        int i = index < 0 ? index + shape[d] : index;
        if (dim() == 0 || i < 0 || i >= shape[d]) {
            throw new IndexOutOfBoundsException("select: index " + index + " is out of range for dim " + dim
                    + " of a tensor of shape " + Shapes.str(shape));
        }
        return new Select(d, i).apply(this);
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
        int d = Shapes.normalizeDim("unsqueeze", dim, dim() + 1);
        return new Unsqueeze(d).apply(this);
    }

    /** All dims merged into one. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Dims startDim..endDim merged into one. */
    public Tensor flatten(int startDim, int endDim) {
        if (dim() == 0) {
            return reshape(1);
        }
        int s = Shapes.normalizeDim("flatten", startDim, dim());
        int e = Shapes.normalizeDim("flatten", endDim, dim());
        if (s > e) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim);
        }
        int[] out = new int[dim() - (e - s)];
        int j = 0;
        for (int d = 0; d < s; d++) {
            out[j++] = shape[d];
        }
        int merged = 1;
        for (int d = s; d <= e; d++) {
            merged *= shape[d];
        }
        out[j++] = merged;
        for (int d = e + 1; d < dim(); d++) {
            out[j++] = shape[d];
        }
        return reshape(out);
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

    /** Reduces a broadcast gradient back to {@code target}: sums leading dims and dims where target has size 1. */
    public Tensor sumToSize(int... target) {
        if (Arrays.equals(shape, target)) {
            return this;
        }
        int lead = dim() - target.length;
        if (lead < 0) {
            throw new IllegalArgumentException("sumToSize: cannot sum " + Shapes.str(shape) + " to the bigger shape "
                    + Shapes.str(target));
        }
        int[] dims = new int[dim()];
        int n = 0;
        for (int d = 0; d < dim(); d++) {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1)) {
                dims[n++] = d;
            } else if (target[d - lead] != shape[d]) {
                throw new IllegalArgumentException("sumToSize: shape " + Shapes.str(shape)
                        + " is not a broadcast of " + Shapes.str(target));
            }
        }
        Tensor summed = n == 0 ? this : sum(Arrays.copyOf(dims, n), true);
        return summed.reshape(target);
    }

    // ------------------------------------------------------------------------------------------------ in place

    /** this += other (broadcast), in place. */
    public Tensor addInPlace(Tensor other) {
        checkInPlace("addInPlace");
        Kernels.binaryInPlace("addInPlace", BinaryOp.ADD, this, other);
        storage.bumpVersion("addInPlace");
        return this;
    }

    /** this -= other (broadcast), in place. */
    public Tensor subInPlace(Tensor other) {
        checkInPlace("subInPlace");
        Kernels.binaryInPlace("subInPlace", BinaryOp.SUB, this, other);
        storage.bumpVersion("subInPlace");
        return this;
    }

    /** this *= other (broadcast), in place. */
    public Tensor mulInPlace(Tensor other) {
        checkInPlace("mulInPlace");
        Kernels.binaryInPlace("mulInPlace", BinaryOp.MUL, this, other);
        storage.bumpVersion("mulInPlace");
        return this;
    }

    /** this *= value, in place. */
    public Tensor mulInPlace(double value) {
        return mulInPlace(scalarLike(value));
    }

    /** Every element set to value, in place. */
    public Tensor fill(double value) {
        checkInPlace("fill");
        Kernels.fill(this, value);
        storage.bumpVersion("fill");
        return this;
    }

    /** Every element set to 0, in place. */
    public Tensor zero() {
        checkInPlace("zero");
        Kernels.fill(this, 0.0);
        storage.bumpVersion("zero");
        return this;
    }

    /** this = src (broadcast, converting dtype), in place. */
    public Tensor copyFrom(Tensor src) {
        checkInPlace("copyFrom");
        Shapes.broadcast("copyFrom", shape, src.shape);
        Kernels.copyInto(src, this);
        storage.bumpVersion("copyFrom");
        return this;
    }

    /**
     * In-place ops are not recorded by the engine, so while grad mode is on they are refused on tensors that
     * require grad (PyTorch records them; we keep the engine small). Under {@link #noGrad()} they are fine: that is
     * how an optimizer updates its parameters.
     */
    private void checkInPlace(String op) {
        if (requiresGrad && GradMode.isEnabled()) {
            throw new IllegalStateException(op + ": a tensor that requires grad (" + (isLeaf() ? "a leaf" : "computed by "
                    + gradFn.name()) + ") cannot be modified in place while grad mode is on; use the out-of-place op,"
                    + " or wrap the update in try (var g = Tensor.noGrad()) { ... }");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** A scalar tensor of this tensor's dtype and device (a plain number in an op keeps the tensor's dtype). */
    public Tensor scalarLike(double value) {
        return Kernels.fromDoubles(device(), dtype(), new int[0], new double[] {value});
    }

    private static Tensor[] promote(Tensor a, Tensor b) {
        DType t = DType.promote(a.dtype(), b.dtype());
        return new Tensor[] {a.to(t), b.to(t)};
    }

    private static Tensor[] promoteAll(List<Tensor> tensors) {
        DType t = tensors.get(0).dtype();
        for (Tensor x : tensors) {
            t = DType.promote(t, x.dtype());
        }
        Tensor[] out = new Tensor[tensors.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = tensors.get(i).to(t);
        }
        return out;
    }

    /** PyTorch-style printing, e.g. {@code tensor([[1., 2.]], requiresGrad=true)}. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
