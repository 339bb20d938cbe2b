package gradlab.mnist.opencl;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.opencl.OpenCLLoader;
import gradlab.tensor.DType;
import gradlab.tensor.device.AdagradStep;
import gradlab.tensor.device.AdamStep;
import gradlab.tensor.device.BinaryOp;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.RmspropStep;
import gradlab.tensor.device.SgdStep;
import gradlab.tensor.device.Storage;
import gradlab.tensor.device.Strided;
import gradlab.tensor.device.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A {@link Device} whose kernels are Aparapi kernels running on an OpenCL device: a GPU, or the CPU through pocl.
 *
 * <p>It is a simple device in part 2's sense: {@link #takesStrided()} is false, so every compute kernel receives
 * compact operands (row-major, offset 0, broadcast already materialised, all in the output's dtype) and only the two
 * layout kernels ({@link #copy}, {@link #fill}) walk strides. Each primitive is one top-level kernel class per dtype
 * ({@link UnaryFloatKernel}, {@link MatmulDoubleKernel}, ...): Aparapi's kernels with several entry points are broken
 * (aparapi issue 51). float64 is offered when the device can compile double-precision kernels
 * ({@link #supports(DType)}).
 *
 * <p>What runs where:
 * <ul>
 *   <li>On the OpenCL device: unary, binary, where, reduce (a work-group tree for long extents), matmul, gather,
 *       indexSelect, scatterAdd, logSoftmax and its backward (one work group per line), dropout, same-dtype copy and
 *       fill, and the fused optimizer updates ({@link SgdStepFloatKernel}, {@link AdamStepFloatKernel}, ...).</li>
 *   <li>On the host (the Java arrays, which are current between calls, see {@link OpenClStorage}): creating a storage
 *       from values, reading values back ({@link #toDoubles}), a copy that converts between float32 and float64
 *       ({@code Tensor.to(DType)}), the index checks of gather, indexSelect and scatterAdd (so a bad index is an
 *       exception naming it, never an out-of-bounds read on the device), and dropout's uniform draws (made from the
 *       shared generator by the caller, so every device draws the same masks).</li>
 * </ul>
 *
 * <p><b>Never a silent fallback.</b> Every launch goes through a {@link KernelLauncher}, which throws an
 * {@link OpenClException} naming the kernel and Aparapi's reason if the kernel failed to compile or Aparapi ran it in
 * its Java thread pool. {@link #describe()} names the OpenCL platform and device that run the kernels.
 *
 * <p>Pick one with {@link #select} ({@code --device auto|opencl|cpu}), {@link #open()} or {@link #available()}.
 */
public final class OpenClDevice implements Device {
    /** Work-group size of the 1-D kernels (elementwise, reduce, gather, copy, fill). */
    static final int GROUP = 128;

    /**
     * From how many inputs per output element a reduction runs as a work-group tree ({@link ReduceTreeFloatKernel}:
     * one group per output) instead of one work item per output ({@link ReduceFloatKernel}).
     */
    static final int TREE_REDUCE_MIN = 1024;

    private static final Map<Long, OpenClDevice> OPEN = new ConcurrentHashMap<>();

    private final OpenCLDevice device;
    private final Map<Class<?>, KernelLauncher<?>> launchers = new ConcurrentHashMap<>();
    private Boolean fp64;

    private OpenClDevice(OpenCLDevice device) {
        this.device = device;
    }

    // ---------------------------------------------------------------------------------------- choosing a device

    /** Whether an OpenCL platform with at least one device is installed (false, never an exception, if not). */
    public static boolean available() {
        return !openClDevices().isEmpty();
    }

    /**
     * The OpenCL device: the first GPU if OpenCL has one, else the first other OpenCL device (pocl's CPU device).
     *
     * @throws OpenClException if no OpenCL platform or device is installed, saying how to install one
     */
    public static OpenClDevice open() {
        List<OpenCLDevice> all = openClDevices();
        if (all.isEmpty()) {
            throw new OpenClException("no OpenCL platform found: --device opencl needs an OpenCL driver (an ICD)."
                    + " Install one, e.g. on Debian/Ubuntu `apt-get install ocl-icd-libopencl1 pocl-opencl-icd` for the"
                    + " CPU, or your GPU vendor's (nvidia-opencl-icd for NVIDIA), and check with `clinfo -l`; or run"
                    + " with --device cpu");
        }
        OpenCLDevice chosen = all.stream().filter(d -> d.getType() == com.aparapi.device.Device.TYPE.GPU)
                .findFirst().orElse(all.get(0));
        return of(chosen);
    }

    /**
     * The device for the CLI's {@code --device} option: {@code "cpu"} is part 2's CPU device, {@code "opencl"} is
     * {@link #open()} (an error if OpenCL is missing), {@code "auto"} is an OpenCL GPU if there is one, else the CPU
     * device. The choice is case-insensitive.
     *
     * @throws IllegalArgumentException for any other name
     * @throws OpenClException for "opencl" when no OpenCL device exists
     */
    public static Device select(String name) {
        String choice = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (choice) {
            case "cpu":
                return CpuDevice.INSTANCE;
            case "opencl":
                return open();
            case "auto":
                for (OpenCLDevice d : openClDevices()) {
                    if (d.getType() == com.aparapi.device.Device.TYPE.GPU) {
                        return of(d);
                    }
                }
                return CpuDevice.INSTANCE;
            default:
                throw new IllegalArgumentException("--device: unknown device '" + name
                        + "'; expected auto (an OpenCL GPU if there is one, else the CPU), opencl or cpu");
        }
    }

    /** The one OpenClDevice for an Aparapi OpenCL device (tensors on it share that one object). */
    public static OpenClDevice of(OpenCLDevice device) {
        return OPEN.computeIfAbsent(device.getDeviceId(), id -> new OpenClDevice(device));
    }

    /** Every device of every OpenCL platform, or none if OpenCL is not installed. */
    static List<OpenCLDevice> openClDevices() {
        try {
            if (!OpenCLLoader.isOpenCLAvailable()) {
                return List.of();
            }
            return new ArrayList<>(OpenCLDevice.listDevices(null));
        } catch (RuntimeException | LinkageError e) {
            return List.of(); // no OpenCL library, or Aparapi's native part cannot load it
        }
    }

    /** The Aparapi device that runs the kernels. */
    public OpenCLDevice openClDevice() {
        return device;
    }

    @Override
    public String name() {
        return "opencl";
    }

    /** Which OpenCL device runs the kernels, e.g. "OpenCL CPU 'pthread-haswell' (platform Portable Computing Language, OpenCL 3.0 PoCL 3.1)". */
    public String describe() {
        return describe(device);
    }

    /**
     * What runs the kernels of {@code device}, for the run to print: an OpenCL device's {@link #describe()}, or for any
     * other device its name, e.g. "cpu (part 2's CPU device, Java on 8 cores)".
     */
    public static String description(Device device) {
        if (device instanceof OpenClDevice cl) {
            return cl.describe();
        }
        if (device == CpuDevice.INSTANCE) {
            return "cpu (part 2's CPU device, Java on " + Runtime.getRuntime().availableProcessors() + " cores)";
        }
        return device.name();
    }

    static String describe(OpenCLDevice d) {
        return "OpenCL " + d.getType() + " '" + d.getName() + "' (platform " + d.getOpenCLPlatform().getName() + ", "
                + d.getOpenCLPlatform().getVersion().trim() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public boolean takesStrided() {
        return false;
    }

    /** float32 always; float64 if the device compiles and runs a double-precision kernel (cl_khr_fp64). */
    @Override
    public synchronized boolean supports(DType dtype) {
        if (dtype == DType.FLOAT32) {
            return true;
        }
        if (fp64 == null) {
            fp64 = probeFp64();
        }
        return fp64;
    }

    private boolean probeFp64() {
        try {
            OpenClStorage probe = new OpenClStorage(this, DType.FLOAT64, 1);
            fillOnDevice(probe, new int[0], new int[0], 0, 1, 0.5);
            return probe.doubles()[0] == 0.5;
        } catch (OpenClException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------------------------------- storage

    @Override
    public Storage allocate(DType dtype, int size) {
        if (!supports(dtype)) {
            throw new IllegalArgumentException(describe() + " cannot hold " + dtype + " (no cl_khr_fp64); use"
                    + " float32 or another device");
        }
        return new OpenClStorage(this, dtype, size);
    }

    @Override
    public Storage fromDoubles(DType dtype, double[] values) {
        OpenClStorage s = (OpenClStorage) allocate(dtype, values.length);
        for (int i = 0; i < values.length; i++) {
            s.set(i, values[i]);
        }
        s.written();
        return s;
    }

    @Override
    public double[] toDoubles(Strided src) {
        double[] out = new double[src.numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = storage(src).get(offsetOf(src, i));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------- layout kernels

    @Override
    public synchronized void copy(Strided src, Strided dst) {
        int n = dst.numel();
        if (n == 0) {
            return;
        }
        if (storage(src).dtype() != storage(dst).dtype()) {
            // float32 <-> float64: converted on the host (Tensor.to(DType), rare); the arrays are current there
            double[] values = toDoubles(src);
            for (int i = 0; i < n; i++) {
                storage(dst).set(offsetOf(dst, i), values[i]);
            }
            storage(dst).written();
            return;
        }
        if (storage(src) == storage(dst)) {
            // the views may overlap: read everything first, into a compact temporary
            src = compactCopy(src);
        }
        copyOnDevice(src, dst);
    }

    private void copyOnDevice(Strided src, Strided dst) {
        int n = dst.numel();
        int[] shape = pad(dst.shape());
        int[] srcStrides = pad(src.strides());
        int[] dstStrides = pad(dst.strides());
        if (isFloat(dst)) {
            KernelLauncher<CopyFloatKernel> l = launcher(CopyFloatKernel.class, CopyFloatKernel::new);
            CopyFloatKernel k = l.kernel;
            k.src = storage(src).floats();
            k.dst = storage(dst).floats();
            k.shape = shape;
            k.srcStrides = srcStrides;
            k.dstStrides = dstStrides;
            k.rank = dst.rank();
            k.srcOffset = src.offset();
            k.dstOffset = dst.offset();
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(src), dst, true, shape, srcStrides, dstStrides);
        } else {
            KernelLauncher<CopyDoubleKernel> l = launcher(CopyDoubleKernel.class, CopyDoubleKernel::new);
            CopyDoubleKernel k = l.kernel;
            k.src = storage(src).doubles();
            k.dst = storage(dst).doubles();
            k.shape = shape;
            k.srcStrides = srcStrides;
            k.dstStrides = dstStrides;
            k.rank = dst.rank();
            k.srcOffset = src.offset();
            k.dstOffset = dst.offset();
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(src), dst, true, shape, srcStrides, dstStrides);
        }
    }

    /** A compact copy of {@code s} (same dtype), made on the device. */
    private Strided compactCopy(Strided s) {
        OpenClStorage copy = new OpenClStorage(this, storage(s).dtype(), s.numel());
        Strided out = new Strided(copy, s.shape(), contiguousStrides(s.shape()), 0);
        copyOnDevice(s, out);
        return out;
    }

    @Override
    public synchronized void fill(Strided dst, double value) {
        if (dst.numel() == 0) {
            return;
        }
        fillOnDevice(storage(dst), dst.shape(), dst.strides(), dst.offset(), dst.numel(), value);
    }

    private void fillOnDevice(OpenClStorage dst, int[] shape, int[] strides, int offset, int n, double value) {
        int[] paddedShape = pad(shape);
        int[] paddedStrides = pad(strides);
        Strided view = new Strided(dst, shape, strides, offset);
        if (dst.floats() != null) {
            KernelLauncher<FillFloatKernel> l = launcher(FillFloatKernel.class, FillFloatKernel::new);
            FillFloatKernel k = l.kernel;
            k.dst = dst.floats();
            k.shape = paddedShape;
            k.strides = paddedStrides;
            k.rank = shape.length;
            k.offset = offset;
            k.n = n;
            k.value = (float) value;
            run(l, l.range1D(n, GROUP), List.of(), view, true, paddedShape, paddedStrides);
        } else {
            KernelLauncher<FillDoubleKernel> l = launcher(FillDoubleKernel.class, FillDoubleKernel::new);
            FillDoubleKernel k = l.kernel;
            k.dst = dst.doubles();
            k.shape = paddedShape;
            k.strides = paddedStrides;
            k.rank = shape.length;
            k.offset = offset;
            k.n = n;
            k.value = value;
            run(l, l.range1D(n, GROUP), List.of(), view, true, paddedShape, paddedStrides);
        }
    }

    // ---------------------------------------------------------------------------------------- compute kernels

    @Override
    public synchronized void unary(UnaryOp op, double p, Strided in, Strided out) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        Strided target = outputFor(out, in);
        if (isFloat(out)) {
            KernelLauncher<UnaryFloatKernel> l = launcher(UnaryFloatKernel.class, UnaryFloatKernel::new);
            UnaryFloatKernel k = l.kernel;
            k.in = storage(in).floats();
            k.out = storage(target).floats();
            k.n = n;
            k.op = OpCodes.of(op);
            k.p = (float) p;
            run(l, l.range1D(n, GROUP), List.of(in), target, false);
        } else {
            KernelLauncher<UnaryDoubleKernel> l = launcher(UnaryDoubleKernel.class, UnaryDoubleKernel::new);
            UnaryDoubleKernel k = l.kernel;
            k.in = storage(in).doubles();
            k.out = storage(target).doubles();
            k.n = n;
            k.op = OpCodes.of(op);
            k.p = p;
            run(l, l.range1D(n, GROUP), List.of(in), target, false);
        }
        finish(target, out);
    }

    @Override
    public synchronized void binary(BinaryOp op, Strided a, Strided b, Strided out) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        b = distinctFrom(b, a);
        Strided target = outputFor(out, a, b);
        if (isFloat(out)) {
            KernelLauncher<BinaryFloatKernel> l = launcher(BinaryFloatKernel.class, BinaryFloatKernel::new);
            BinaryFloatKernel k = l.kernel;
            k.a = storage(a).floats();
            k.b = storage(b).floats();
            k.out = storage(target).floats();
            k.n = n;
            k.op = OpCodes.of(op);
            run(l, l.range1D(n, GROUP), List.of(a, b), target, false);
        } else {
            KernelLauncher<BinaryDoubleKernel> l = launcher(BinaryDoubleKernel.class, BinaryDoubleKernel::new);
            BinaryDoubleKernel k = l.kernel;
            k.a = storage(a).doubles();
            k.b = storage(b).doubles();
            k.out = storage(target).doubles();
            k.n = n;
            k.op = OpCodes.of(op);
            run(l, l.range1D(n, GROUP), List.of(a, b), target, false);
        }
        finish(target, out);
    }

    @Override
    public synchronized void where(Strided cond, Strided a, Strided b, Strided out) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        a = distinctFrom(a, cond);
        b = distinctFrom(b, cond, a);
        Strided target = outputFor(out, cond, a, b);
        if (isFloat(out)) {
            KernelLauncher<WhereFloatKernel> l = launcher(WhereFloatKernel.class, WhereFloatKernel::new);
            WhereFloatKernel k = l.kernel;
            k.cond = storage(cond).floats();
            k.a = storage(a).floats();
            k.b = storage(b).floats();
            k.out = storage(target).floats();
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(cond, a, b), target, false);
        } else {
            KernelLauncher<WhereDoubleKernel> l = launcher(WhereDoubleKernel.class, WhereDoubleKernel::new);
            WhereDoubleKernel k = l.kernel;
            k.cond = storage(cond).doubles();
            k.a = storage(a).doubles();
            k.b = storage(b).doubles();
            k.out = storage(target).doubles();
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(cond, a, b), target, false);
        }
        finish(target, out);
    }

    @Override
    public synchronized void reduce(ReduceOp op, Strided in, Strided out) {
        reduce(op, in, out, null);
    }

    /**
     * {@link #reduce} with the kernel chosen: {@code tree} true for {@link ReduceTreeFloatKernel}, false for
     * {@link ReduceFloatKernel}, null to choose by the extent (at least {@link #TREE_REDUCE_MIN} inputs per output:
     * the tree). The benchmark times both.
     */
    synchronized void reduce(ReduceOp op, Strided in, Strided out, Boolean tree) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        Strided target = outputFor(out, in);
        int rank = in.rank();
        int[] shape = pad(in.shape());
        int[] strides = pad(contiguousStrides(in.shape()));
        int[] reduced = new int[Math.max(rank, 1)];
        int count = 1;
        for (int d = 0; d < rank; d++) {
            if (out.shape()[d] == 1 && in.shape()[d] != 1) {
                reduced[d] = 1;
                count *= in.shape()[d];
            }
        }
        double init = switch (op) {
            case SUM -> 0.0;
            case MAX -> Double.NEGATIVE_INFINITY;
            case MIN -> Double.POSITIVE_INFINITY;
        };
        if (tree != null ? tree : count >= TREE_REDUCE_MIN) {
            reduceTree(op, in, target, shape, strides, reduced, count, init);
            finish(target, out);
            return;
        }
        if (isFloat(out)) {
            KernelLauncher<ReduceFloatKernel> l = launcher(ReduceFloatKernel.class, ReduceFloatKernel::new);
            ReduceFloatKernel k = l.kernel;
            k.in = storage(in).floats();
            k.out = storage(target).floats();
            k.shape = shape;
            k.strides = strides;
            k.reduced = reduced;
            k.rank = rank;
            k.n = n;
            k.count = count;
            k.op = OpCodes.of(op);
            k.init = (float) init;
            run(l, l.range1D(n, GROUP), List.of(in), target, false, shape, strides, reduced);
        } else {
            KernelLauncher<ReduceDoubleKernel> l = launcher(ReduceDoubleKernel.class, ReduceDoubleKernel::new);
            ReduceDoubleKernel k = l.kernel;
            k.in = storage(in).doubles();
            k.out = storage(target).doubles();
            k.shape = shape;
            k.strides = strides;
            k.reduced = reduced;
            k.rank = rank;
            k.n = n;
            k.count = count;
            k.op = OpCodes.of(op);
            k.init = init;
            run(l, l.range1D(n, GROUP), List.of(in), target, false, shape, strides, reduced);
        }
        finish(target, out);
    }

    @Override
    public synchronized void matmul(Strided a, Strided b, Strided out) {
        if (out.numel() == 0) {
            return; // n, m or a batch dim is 0: nothing to write
        }
        int rank = out.rank();
        int n = out.shape()[rank - 2];
        int m = out.shape()[rank - 1];
        int k = a.shape()[rank - 1];
        int batches = out.numel() / (n * m);
        b = distinctFrom(b, a);
        Strided target = outputFor(out, a, b);
        int tile = MatmulFloatKernel.TILE;
        Range range = Range.create3D(device, KernelLauncher.roundUp(m, tile), KernelLauncher.roundUp(n, tile), batches,
                tile, tile, 1);
        if (isFloat(out)) {
            KernelLauncher<MatmulFloatKernel> l = launcher(MatmulFloatKernel.class, MatmulFloatKernel::new);
            MatmulFloatKernel kernel = l.kernel;
            kernel.a = storage(a).floats();
            kernel.b = storage(b).floats();
            kernel.out = storage(target).floats();
            kernel.n = n;
            kernel.k = k;
            kernel.m = m;
            run(l, range, List.of(a, b), target, false);
        } else {
            KernelLauncher<MatmulDoubleKernel> l = launcher(MatmulDoubleKernel.class, MatmulDoubleKernel::new);
            MatmulDoubleKernel kernel = l.kernel;
            kernel.a = storage(a).doubles();
            kernel.b = storage(b).doubles();
            kernel.out = storage(target).doubles();
            kernel.n = n;
            kernel.k = k;
            kernel.m = m;
            run(l, range, List.of(a, b), target, false);
        }
        finish(target, out);
    }

    @Override
    public synchronized void gather(Strided in, int dim, Strided index, Strided out) {
        checkIndices(index, in.shape()[dim], dim, "gather");
        gatherOnDevice(in, dim, index, pad(contiguousStrides(out.shape())), out);
    }

    @Override
    public synchronized void indexSelect(Strided in, int dim, Strided index, Strided out) {
        checkIndices(index, in.shape()[dim], dim, "indexSelect");
        int[] indexStrides = new int[Math.max(out.rank(), 1)];
        indexStrides[dim] = 1; // element o reads index[its position along dim]
        gatherOnDevice(in, dim, index, indexStrides, out);
    }

    private void gatherOnDevice(Strided in, int dim, Strided index, int[] indexStrides, Strided out) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        index = distinctFrom(index, in);
        Strided target = outputFor(out, in, index);
        int[] outShape = pad(out.shape());
        int[] inStrides = pad(contiguousStrides(in.shape()));
        if (isFloat(out)) {
            KernelLauncher<GatherFloatKernel> l = launcher(GatherFloatKernel.class, GatherFloatKernel::new);
            GatherFloatKernel k = l.kernel;
            k.in = storage(in).floats();
            k.index = storage(index).floats();
            k.out = storage(target).floats();
            k.outShape = outShape;
            k.inStrides = inStrides;
            k.indexStrides = indexStrides;
            k.rank = out.rank();
            k.dim = dim;
            k.size = in.shape()[dim];
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(in, index), target, false, outShape, inStrides, indexStrides);
        } else {
            KernelLauncher<GatherDoubleKernel> l = launcher(GatherDoubleKernel.class, GatherDoubleKernel::new);
            GatherDoubleKernel k = l.kernel;
            k.in = storage(in).doubles();
            k.index = storage(index).doubles();
            k.out = storage(target).doubles();
            k.outShape = outShape;
            k.inStrides = inStrides;
            k.indexStrides = indexStrides;
            k.rank = out.rank();
            k.dim = dim;
            k.size = in.shape()[dim];
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(in, index), target, false, outShape, inStrides, indexStrides);
        }
        finish(target, out);
    }

    @Override
    public synchronized void scatterAdd(Strided src, int dim, Strided index, Strided out) {
        checkIndices(index, out.shape()[dim], dim, "scatterAdd");
        int n = out.numel();
        if (n == 0 || src.numel() == 0) {
            return;
        }
        index = distinctFrom(index, src);
        Strided target = outputFor(out, src, index);
        if (target != out) {
            copyOnDevice(out, target); // scatterAdd adds to what out holds
        }
        int[] outShape = pad(out.shape());
        int[] srcShape = pad(src.shape());
        int[] srcStrides = pad(contiguousStrides(src.shape()));
        if (isFloat(out)) {
            KernelLauncher<ScatterAddFloatKernel> l = launcher(ScatterAddFloatKernel.class, ScatterAddFloatKernel::new);
            ScatterAddFloatKernel k = l.kernel;
            k.src = storage(src).floats();
            k.index = storage(index).floats();
            k.out = storage(target).floats();
            k.outShape = outShape;
            k.srcShape = srcShape;
            k.srcStrides = srcStrides;
            k.rank = out.rank();
            k.dim = dim;
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(src, index), target, true, outShape, srcShape, srcStrides);
        } else {
            KernelLauncher<ScatterAddDoubleKernel> l = launcher(ScatterAddDoubleKernel.class,
                    ScatterAddDoubleKernel::new);
            ScatterAddDoubleKernel k = l.kernel;
            k.src = storage(src).doubles();
            k.index = storage(index).doubles();
            k.out = storage(target).doubles();
            k.outShape = outShape;
            k.srcShape = srcShape;
            k.srcStrides = srcStrides;
            k.rank = out.rank();
            k.dim = dim;
            k.n = n;
            run(l, l.range1D(n, GROUP), List.of(src, index), target, true, outShape, srcShape, srcStrides);
        }
        finish(target, out);
    }

    // ---------------------------------------------------------------------------------------- one launch

    /**
     * One launch: copy the inputs (and the output, if the kernel reads it or writes only part of it) to the device
     * where its buffer is stale, run, check that OpenCL ran it, read the output back.
     */
    private void run(KernelLauncher<?> l, Range range, List<Strided> inputs, Strided out, boolean outputIsRead,
            int[]... meta) {
        String[] fields = fieldsOf(l.kernel);
        for (int i = 0; i < inputs.size(); i++) {
            l.input(fields[i], storage(inputs.get(i)));
        }
        if (outputIsRead) {
            l.input(fields[inputs.size()], storage(out));
        }
        for (int[] m : meta) {
            l.input(m);
        }
        l.launch(range);
        l.output(storage(out));
    }

    /** The names of a kernel's data arrays in the order {@link #run} passes them: inputs, then the output. */
    private static String[] fieldsOf(Kernel k) {
        if (k instanceof CopyFloatKernel || k instanceof CopyDoubleKernel) {
            return new String[] {"src", "dst"};
        } else if (k instanceof FillFloatKernel || k instanceof FillDoubleKernel) {
            return new String[] {"dst"};
        } else if (k instanceof UnaryFloatKernel || k instanceof UnaryDoubleKernel
                || k instanceof ReduceFloatKernel || k instanceof ReduceDoubleKernel
                || k instanceof ReduceTreeFloatKernel || k instanceof ReduceTreeDoubleKernel
                || k instanceof LogSoftmaxFloatKernel || k instanceof LogSoftmaxDoubleKernel) {
            return new String[] {"in", "out"};
        } else if (k instanceof LogSoftmaxBackwardFloatKernel || k instanceof LogSoftmaxBackwardDoubleKernel) {
            return new String[] {"grad", "y", "out"};
        } else if (k instanceof WhereFloatKernel || k instanceof WhereDoubleKernel) {
            return new String[] {"cond", "a", "b", "out"};
        } else if (k instanceof GatherFloatKernel || k instanceof GatherDoubleKernel) {
            return new String[] {"in", "index", "out"};
        } else if (k instanceof ScatterAddFloatKernel || k instanceof ScatterAddDoubleKernel) {
            return new String[] {"src", "index", "out"};
        }
        return new String[] {"a", "b", "out"}; // binary, matmul
    }

    @SuppressWarnings("unchecked")
    private <K extends Kernel> KernelLauncher<K> launcher(Class<K> type, Supplier<K> create) {
        return (KernelLauncher<K>) launchers.computeIfAbsent(type, t -> new KernelLauncher<>(create.get(), device));
    }

    /** The launcher of a kernel class, if this device has used it (tests look at its copy counts). */
    KernelLauncher<?> launcherOf(Class<? extends Kernel> type) {
        return launchers.get(type);
    }

    /**
     * Where a kernel writes: {@code out} itself, or a fresh temporary when out shares its storage with an input (an
     * in-place op). Aparapi would otherwise bind one Java array to two kernel fields, which on a discrete GPU are two
     * buffers, and read back the wrong one.
     */
    private Strided outputFor(Strided out, Strided... inputs) {
        for (Strided in : inputs) {
            if (in.storage() == out.storage()) {
                return new Strided(new OpenClStorage(this, storage(out).dtype(), out.numel()), out.shape(),
                        out.strides(), 0);
            }
        }
        return out;
    }

    /** Copies a temporary output back into out (nothing to do when the kernel wrote out itself). */
    private void finish(Strided target, Strided out) {
        if (target != out) {
            copyOnDevice(target, out);
        }
    }

    /** {@code s}, or a compact copy of it if it shares a storage with one of {@code others} (see {@link #outputFor}). */
    private Strided distinctFrom(Strided s, Strided... others) {
        for (Strided o : others) {
            if (o.storage() == s.storage()) {
                return compactCopy(s);
            }
        }
        return s;
    }

    /** Indices must be whole numbers in [-size, size): checked on the host, before any kernel reads them. */
    private void checkIndices(Strided index, int size, int dim, String op) {
        for (double value : toDoubles(index)) {
            int i = (int) value;
            if (i != value || i < -size || i >= size) {
                throw new IndexOutOfBoundsException(op + ": index " + value + " is out of bounds for dim " + dim
                        + " with size " + size + "; indices must be integers in [" + (-size) + ", " + (size - 1)
                        + "]");
            }
        }
    }

    // ---------------------------------------------------------------------------------------- helpers

    private static OpenClStorage storage(Strided s) {
        return (OpenClStorage) s.storage();
    }

    private static boolean isFloat(Strided s) {
        return s.storage().dtype() == DType.FLOAT32;
    }

    /** A copy of {@code a} of length at least 1 (Aparapi cannot pass a zero-length array; rank 0 has none). */
    private static int[] pad(int[] a) {
        return a.length == 0 ? new int[1] : a.clone();
    }

    /** Where element number i (row-major) of a strided view lives in its storage. */
    private static int offsetOf(Strided s, int i) {
        int offset = s.offset();
        for (int d = s.rank() - 1; d >= 0; d--) {
            int size = s.shape()[d];
            offset += (i % size) * s.strides()[d];
            i /= size;
        }
        return offset;
    }

    private static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }

    // ---------------------------------------------------------------------------------------- work-group kernels
    // The tree reduction, log-softmax and dropout (Device's fused kernels).

    /**
     * A reduction with a large extent as a work-group tree: one group of {@link ReduceTreeFloatKernel#GROUP} items
     * per output element (see the kernel's Javadoc for the layout).
     */
    private void reduceTree(ReduceOp op, Strided in, Strided target, int[] shape, int[] strides, int[] reduced,
            int count, double init) {
        int n = target.numel();
        int group = ReduceTreeFloatKernel.GROUP;
        if (isFloat(target)) {
            KernelLauncher<ReduceTreeFloatKernel> l = launcher(ReduceTreeFloatKernel.class,
                    ReduceTreeFloatKernel::new);
            ReduceTreeFloatKernel k = l.kernel;
            k.in = storage(in).floats();
            k.out = storage(target).floats();
            k.shape = shape;
            k.strides = strides;
            k.reduced = reduced;
            k.rank = in.rank();
            k.count = count;
            k.op = OpCodes.of(op);
            k.init = (float) init;
            run(l, Range.create(device, n * group, group), List.of(in), target, false, shape, strides, reduced);
        } else {
            KernelLauncher<ReduceTreeDoubleKernel> l = launcher(ReduceTreeDoubleKernel.class,
                    ReduceTreeDoubleKernel::new);
            ReduceTreeDoubleKernel k = l.kernel;
            k.in = storage(in).doubles();
            k.out = storage(target).doubles();
            k.shape = shape;
            k.strides = strides;
            k.reduced = reduced;
            k.rank = in.rank();
            k.count = count;
            k.op = OpCodes.of(op);
            k.init = init;
            run(l, Range.create(device, n * group, group), List.of(in), target, false, shape, strides, reduced);
        }
    }

    /**
     * Log-softmax along dim: one work group per line ({@link LogSoftmaxFloatKernel}); the group size is the smallest
     * power of two that covers the line, at most {@link LogSoftmaxFloatKernel#GROUP}.
     */
    @Override
    public synchronized void logSoftmax(Strided in, int dim, Strided out) {
        int n = out.numel();
        int size = in.shape()[dim];
        if (n == 0 || size == 0) {
            return;
        }
        int inner = 1;
        for (int d = dim + 1; d < in.rank(); d++) {
            inner *= in.shape()[d];
        }
        int lines = n / size;
        int group = logSoftmaxGroup(size);
        Range range = Range.create(device, lines * group, group);
        Strided target = outputFor(out, in);
        if (isFloat(out)) {
            KernelLauncher<LogSoftmaxFloatKernel> l = launcher(LogSoftmaxFloatKernel.class,
                    LogSoftmaxFloatKernel::new);
            LogSoftmaxFloatKernel k = l.kernel;
            k.in = storage(in).floats();
            k.out = storage(target).floats();
            k.size = size;
            k.inner = inner;
            k.inf = Float.POSITIVE_INFINITY;
            run(l, range, List.of(in), target, false);
        } else {
            KernelLauncher<LogSoftmaxDoubleKernel> l = launcher(LogSoftmaxDoubleKernel.class,
                    LogSoftmaxDoubleKernel::new);
            LogSoftmaxDoubleKernel k = l.kernel;
            k.in = storage(in).doubles();
            k.out = storage(target).doubles();
            k.size = size;
            k.inner = inner;
            k.inf = Double.POSITIVE_INFINITY;
            run(l, range, List.of(in), target, false);
        }
        finish(target, out);
    }

    /** log-softmax's gradient: one work group per line ({@link LogSoftmaxBackwardFloatKernel}), sized as logSoftmax's. */
    @Override
    public synchronized void logSoftmaxBackward(Strided grad, Strided out, int dim, Strided gradIn) {
        int n = gradIn.numel();
        int size = grad.shape()[dim];
        if (n == 0 || size == 0) {
            return;
        }
        int inner = 1;
        for (int d = dim + 1; d < grad.rank(); d++) {
            inner *= grad.shape()[d];
        }
        int group = logSoftmaxGroup(size);
        Range range = Range.create(device, n / size * group, group);
        out = distinctFrom(out, grad);
        Strided target = outputFor(gradIn, grad, out);
        if (isFloat(gradIn)) {
            KernelLauncher<LogSoftmaxBackwardFloatKernel> l = launcher(LogSoftmaxBackwardFloatKernel.class,
                    LogSoftmaxBackwardFloatKernel::new);
            LogSoftmaxBackwardFloatKernel k = l.kernel;
            k.grad = storage(grad).floats();
            k.y = storage(out).floats();
            k.out = storage(target).floats();
            k.size = size;
            k.inner = inner;
            run(l, range, List.of(grad, out), target, false);
        } else {
            KernelLauncher<LogSoftmaxBackwardDoubleKernel> l = launcher(LogSoftmaxBackwardDoubleKernel.class,
                    LogSoftmaxBackwardDoubleKernel::new);
            LogSoftmaxBackwardDoubleKernel k = l.kernel;
            k.grad = storage(grad).doubles();
            k.y = storage(out).doubles();
            k.out = storage(target).doubles();
            k.size = size;
            k.inner = inner;
            run(l, range, List.of(grad, out), target, false);
        }
        finish(target, gradIn);
    }

    /** The smallest power of two &gt;= size, at most {@link LogSoftmaxFloatKernel#GROUP}. */
    static int logSoftmaxGroup(int size) {
        int group = 1;
        while (group < size && group < LogSoftmaxFloatKernel.GROUP) {
            group *= 2;
        }
        return group;
    }

    /**
     * Dropout with host-drawn uniforms: one work item per element ({@link DropoutFloatKernel}) writes both out and
     * the mask.
     */
    @Override
    public synchronized void dropout(Strided in, Strided uniform, double p, Strided out, Strided mask) {
        int n = out.numel();
        if (n == 0) {
            return;
        }
        uniform = distinctFrom(uniform, in);
        Strided target = outputFor(out, in, uniform);
        Strided maskTarget = outputFor(mask, in, uniform, target);
        KernelLauncher<?> launcher;
        if (isFloat(out)) {
            KernelLauncher<DropoutFloatKernel> l = launcher(DropoutFloatKernel.class, DropoutFloatKernel::new);
            DropoutFloatKernel k = l.kernel;
            k.in = storage(in).floats();
            k.uniform = storage(uniform).floats();
            k.out = storage(target).floats();
            k.mask = storage(maskTarget).floats();
            k.n = n;
            k.p = (float) p;
            k.scale = (float) (1.0 / (1.0 - p));
            launcher = l;
        } else {
            KernelLauncher<DropoutDoubleKernel> l = launcher(DropoutDoubleKernel.class, DropoutDoubleKernel::new);
            DropoutDoubleKernel k = l.kernel;
            k.in = storage(in).doubles();
            k.uniform = storage(uniform).doubles();
            k.out = storage(target).doubles();
            k.mask = storage(maskTarget).doubles();
            k.n = n;
            k.p = p;
            k.scale = 1.0 / (1.0 - p);
            launcher = l;
        }
        // two outputs, so not run(): copy the inputs in, launch, read both outputs back
        launcher.input("in", storage(in));
        launcher.input("uniform", storage(uniform));
        launcher.launch(launcher.range1D(n, GROUP));
        launcher.output(storage(target));
        launcher.output(storage(maskTarget));
        finish(target, out);
        finish(maskTarget, mask);
    }

    // ---------------------------------------------------------------------------------------- optimizer updates
    // Fused and in place: one kernel class per optimizer and dtype (SgdStepFloatKernel, ...), one launch per
    // parameter. The operands are compact and of param's dtype (Device's contract); the parameter and its state
    // buffers are read and written by the same work item, so they are copied in, updated and read back. A buffer the
    // options leave out (null) is bound to a 1-element placeholder that the kernel never touches. Scalars go in
    // rounded to the dtype, options as 0/1 flags.

    @Override
    public synchronized void sgdStep(SgdStep step, Strided param, Strided grad, Strided momentumBuffer) {
        int n = param.numel();
        if (n == 0) {
            return;
        }
        OpenClStorage w = storage(param);
        OpenClStorage g = storage(grad);
        OpenClStorage v = orPlaceholder(momentumBuffer, w);
        String[] fields = {"param", "grad", "momentumBuffer"};
        if (isFloat(param)) {
            KernelLauncher<SgdStepFloatKernel> l = launcher(SgdStepFloatKernel.class, SgdStepFloatKernel::new);
            SgdStepFloatKernel k = l.kernel;
            k.param = w.floats();
            k.grad = g.floats();
            k.momentumBuffer = v.floats();
            k.weightDecay = (float) step.weightDecay();
            k.momentum = (float) step.momentum();
            k.oneMinusDampening = (float) (1 - step.dampening());
            k.minusLr = (float) -step.lr();
            k.n = n;
            k.decay = bit(step.weightDecay() != 0);
            k.useMomentum = bit(step.usesMomentum());
            k.nesterov = bit(step.nesterov());
            k.maximize = bit(step.maximize());
            k.firstStep = bit(step.firstStep());
            runUpdate(l, n, fields, new OpenClStorage[] {w, g, v}, w, momentumBuffer == null ? null : v);
        } else {
            KernelLauncher<SgdStepDoubleKernel> l = launcher(SgdStepDoubleKernel.class, SgdStepDoubleKernel::new);
            SgdStepDoubleKernel k = l.kernel;
            k.param = w.doubles();
            k.grad = g.doubles();
            k.momentumBuffer = v.doubles();
            k.weightDecay = step.weightDecay();
            k.momentum = step.momentum();
            k.oneMinusDampening = 1 - step.dampening();
            k.minusLr = -step.lr();
            k.n = n;
            k.decay = bit(step.weightDecay() != 0);
            k.useMomentum = bit(step.usesMomentum());
            k.nesterov = bit(step.nesterov());
            k.maximize = bit(step.maximize());
            k.firstStep = bit(step.firstStep());
            runUpdate(l, n, fields, new OpenClStorage[] {w, g, v}, w, momentumBuffer == null ? null : v);
        }
    }

    @Override
    public synchronized void adamStep(AdamStep step, Strided param, Strided grad, Strided expAvg, Strided expAvgSq,
            Strided maxExpAvgSq) {
        int n = param.numel();
        if (n == 0) {
            return;
        }
        OpenClStorage w = storage(param);
        OpenClStorage g = storage(grad);
        OpenClStorage m = storage(expAvg);
        OpenClStorage v = storage(expAvgSq);
        OpenClStorage vmax = orPlaceholder(maxExpAvgSq, w);
        OpenClStorage[] operands = {w, g, m, v, vmax};
        String[] fields = {"param", "grad", "expAvg", "expAvgSq", "maxExpAvgSq"};
        OpenClStorage[] written = {w, m, v, maxExpAvgSq == null ? null : vmax};
        if (isFloat(param)) {
            KernelLauncher<AdamStepFloatKernel> l = launcher(AdamStepFloatKernel.class, AdamStepFloatKernel::new);
            AdamStepFloatKernel k = l.kernel;
            k.param = w.floats();
            k.grad = g.floats();
            k.expAvg = m.floats();
            k.expAvgSq = v.floats();
            k.maxExpAvgSq = vmax.floats();
            k.decayFactor = (float) step.decayFactor();
            k.weightDecay = (float) step.weightDecay();
            k.beta1 = (float) step.beta1();
            k.oneMinusBeta1 = (float) (1 - step.beta1());
            k.beta2 = (float) step.beta2();
            k.oneMinusBeta2 = (float) (1 - step.beta2());
            k.biasCorrection2Sqrt = (float) step.biasCorrection2Sqrt();
            k.eps = (float) step.eps();
            k.minusStepSize = (float) -step.stepSize();
            k.n = n;
            k.decoupled = bit(step.decoupled());
            k.l2Penalty = bit(step.l2Penalty());
            k.amsgrad = bit(step.amsgrad());
            k.maximize = bit(step.maximize());
            runUpdate(l, n, fields, operands, written);
        } else {
            KernelLauncher<AdamStepDoubleKernel> l = launcher(AdamStepDoubleKernel.class, AdamStepDoubleKernel::new);
            AdamStepDoubleKernel k = l.kernel;
            k.param = w.doubles();
            k.grad = g.doubles();
            k.expAvg = m.doubles();
            k.expAvgSq = v.doubles();
            k.maxExpAvgSq = vmax.doubles();
            k.decayFactor = step.decayFactor();
            k.weightDecay = step.weightDecay();
            k.beta1 = step.beta1();
            k.oneMinusBeta1 = 1 - step.beta1();
            k.beta2 = step.beta2();
            k.oneMinusBeta2 = 1 - step.beta2();
            k.biasCorrection2Sqrt = step.biasCorrection2Sqrt();
            k.eps = step.eps();
            k.minusStepSize = -step.stepSize();
            k.n = n;
            k.decoupled = bit(step.decoupled());
            k.l2Penalty = bit(step.l2Penalty());
            k.amsgrad = bit(step.amsgrad());
            k.maximize = bit(step.maximize());
            runUpdate(l, n, fields, operands, written);
        }
    }

    @Override
    public synchronized void rmspropStep(RmspropStep step, Strided param, Strided grad, Strided squareAvg,
            Strided gradAvg, Strided momentumBuffer) {
        int n = param.numel();
        if (n == 0) {
            return;
        }
        OpenClStorage w = storage(param);
        OpenClStorage g = storage(grad);
        OpenClStorage s = storage(squareAvg);
        OpenClStorage a = orPlaceholder(gradAvg, w);
        OpenClStorage b = orPlaceholder(momentumBuffer, w);
        OpenClStorage[] operands = {w, g, s, a, b};
        String[] fields = {"param", "grad", "squareAvg", "gradAvg", "momentumBuffer"};
        OpenClStorage[] written = {w, s, gradAvg == null ? null : a, momentumBuffer == null ? null : b};
        if (isFloat(param)) {
            KernelLauncher<RmspropStepFloatKernel> l = launcher(RmspropStepFloatKernel.class,
                    RmspropStepFloatKernel::new);
            RmspropStepFloatKernel k = l.kernel;
            k.param = w.floats();
            k.grad = g.floats();
            k.squareAvg = s.floats();
            k.gradAvg = a.floats();
            k.momentumBuffer = b.floats();
            k.weightDecay = (float) step.weightDecay();
            k.alpha = (float) step.alpha();
            k.oneMinusAlpha = (float) (1 - step.alpha());
            k.eps = (float) step.eps();
            k.momentum = (float) step.momentum();
            k.minusLr = (float) -step.lr();
            k.n = n;
            k.decay = bit(step.weightDecay() != 0);
            k.centered = bit(step.centered());
            k.useMomentum = bit(step.usesMomentum());
            k.maximize = bit(step.maximize());
            runUpdate(l, n, fields, operands, written);
        } else {
            KernelLauncher<RmspropStepDoubleKernel> l = launcher(RmspropStepDoubleKernel.class,
                    RmspropStepDoubleKernel::new);
            RmspropStepDoubleKernel k = l.kernel;
            k.param = w.doubles();
            k.grad = g.doubles();
            k.squareAvg = s.doubles();
            k.gradAvg = a.doubles();
            k.momentumBuffer = b.doubles();
            k.weightDecay = step.weightDecay();
            k.alpha = step.alpha();
            k.oneMinusAlpha = 1 - step.alpha();
            k.eps = step.eps();
            k.momentum = step.momentum();
            k.minusLr = -step.lr();
            k.n = n;
            k.decay = bit(step.weightDecay() != 0);
            k.centered = bit(step.centered());
            k.useMomentum = bit(step.usesMomentum());
            k.maximize = bit(step.maximize());
            runUpdate(l, n, fields, operands, written);
        }
    }

    @Override
    public synchronized void adagradStep(AdagradStep step, Strided param, Strided grad, Strided sum) {
        int n = param.numel();
        if (n == 0) {
            return;
        }
        OpenClStorage w = storage(param);
        OpenClStorage g = storage(grad);
        OpenClStorage s = storage(sum);
        String[] fields = {"param", "grad", "squareSum"};
        if (isFloat(param)) {
            KernelLauncher<AdagradStepFloatKernel> l = launcher(AdagradStepFloatKernel.class,
                    AdagradStepFloatKernel::new);
            AdagradStepFloatKernel k = l.kernel;
            k.param = w.floats();
            k.grad = g.floats();
            k.squareSum = s.floats();
            k.weightDecay = (float) step.weightDecay();
            k.eps = (float) step.eps();
            k.minusClr = (float) -step.clr();
            k.n = n;
            k.decay = bit(step.weightDecay() != 0);
            k.maximize = bit(step.maximize());
            runUpdate(l, n, fields, new OpenClStorage[] {w, g, s}, w, s);
        } else {
            KernelLauncher<AdagradStepDoubleKernel> l = launcher(AdagradStepDoubleKernel.class,
                    AdagradStepDoubleKernel::new);
            AdagradStepDoubleKernel k = l.kernel;
            k.param = w.doubles();
            k.grad = g.doubles();
            k.squareSum = s.doubles();
            k.weightDecay = step.weightDecay();
            k.eps = step.eps();
            k.minusClr = -step.clr();
            k.n = n;
            k.decay = bit(step.weightDecay() != 0);
            k.maximize = bit(step.maximize());
            runUpdate(l, n, fields, new OpenClStorage[] {w, g, s}, w, s);
        }
    }

    /**
     * One launch of an update kernel: every operand (field {@code fields[i]} holds {@code operands[i]}) is copied to
     * the device where its buffer is stale, the kernel runs over n work items (checked to have run on OpenCL), and the
     * {@code written} storages (nulls skipped) are read back.
     */
    private void runUpdate(KernelLauncher<?> l, int n, String[] fields, OpenClStorage[] operands,
            OpenClStorage... written) {
        for (int i = 0; i < operands.length; i++) {
            l.input(fields[i], operands[i]);
        }
        l.launch(l.range1D(n, GROUP));
        for (OpenClStorage s : written) {
            if (s != null) {
                l.output(s);
            }
        }
    }

    /** {@code s}'s storage, or (for an absent optional buffer) a 1-element placeholder of {@code like}'s dtype. */
    private OpenClStorage orPlaceholder(Strided s, OpenClStorage like) {
        return s != null ? storage(s) : new OpenClStorage(this, like.dtype(), 1);
    }

    /** An option as the 0/1 flag a kernel takes. */
    private static int bit(boolean option) {
        return option ? 1 : 0;
    }
}
