package gradlab.tensor;

import gradlab.tensor.device.Device;
import java.util.Random;

/**
 * Creates tensors on one device with one dtype: PyTorch's {@code device=} and {@code dtype=} arguments, in Java.
 * {@code Tensor.on(DType.FLOAT32).randn(3, 4)} is {@code torch.randn(3, 4, dtype=torch.float32)}; the static
 * factories on {@link Tensor} use {@link Defaults}.
 */
public final class Factory {
    private final Device device;
    private final DType dtype;

    Factory(Device device, DType dtype) {
        if (device == null || dtype == null) {
            throw new IllegalArgumentException("on: " + (device == null ? "device" : "dtype") + " is null; name a"
                    + " device (e.g. CpuDevice.INSTANCE) and a dtype (DType.FLOAT32 or DType.FLOAT64)");
        }
        this.device = device;
        this.dtype = dtype;
    }

    /** A factory for the current defaults. */
    static Factory defaults() {
        return new Factory(Defaults.device(), Defaults.dtype());
    }

    public Device device() {
        return device;
    }

    public DType dtype() {
        return dtype;
    }

    /** A 1-D tensor of the given values. */
    public Tensor of(double... values) {
        return Kernels.fromDoubles(device, dtype, new int[] {values.length}, values.clone());
    }

    /** A 2-D tensor from rows of equal length. */
    public Tensor of(double[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[Shapes.numel("of", rows.length, cols)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("of: row " + i + " has " + rows[i].length + " values but row 0 has "
                        + cols + "; all rows must have the same length");
            }
            System.arraycopy(rows[i], 0, flat, i * cols, cols);
        }
        return Kernels.fromDoubles(device, dtype, new int[] {rows.length, cols}, flat);
    }

    /** A tensor of the given shape holding {@code values} in row-major order. */
    public Tensor of(int[] shape, double... values) {
        int n = Shapes.numel("of", shape);
        if (n != values.length) {
            throw new IllegalArgumentException("of: shape " + Shapes.str(shape) + " holds " + n
                    + " elements but " + values.length + " values were given");
        }
        return Kernels.fromDoubles(device, dtype, shape, values.clone());
    }

    /**
     * A tensor of the given shape holding float32 {@code values} in row-major order (copied, as
     * {@code torch.tensor(float32_array)}): float32 data goes to a float32 tensor in one copy, with no {@code double[]}
     * in between. To hand an array over without any copy, see {@link #asTensor}.
     */
    public Tensor of(int[] shape, float[] values) {
        checkFloats("of", shape, values);
        return Kernels.fromFloats(device, dtype, shape, values);
    }

    /**
     * A tensor of the given shape on the float32 {@code values}, sharing the array where it can, as
     * {@code torch.as_tensor}: on the CPU device in float32 the tensor's storage is the array itself (no copy, so later
     * writes to the array change the tensor); on another device or dtype the values are copied, as {@link #of(int[],
     * float[])} does. A data loader hands each new batch array over this way, without copying it.
     */
    public Tensor asTensor(int[] shape, float[] values) {
        checkFloats("asTensor", shape, values);
        return Kernels.asTensor(device, dtype, shape, values);
    }

    /** Refuses null values, a bad shape, or a count of values other than the shape's element count. */
    private static void checkFloats(String op, int[] shape, float[] values) {
        if (values == null) {
            throw new IllegalArgumentException(op + ": values are null; pass a float[] with " + Shapes.str(shape)
                    + "'s element count");
        }
        int n = Shapes.numel(op, shape);
        if (n != values.length) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.str(shape) + " holds " + n
                    + " elements but " + values.length + " values were given");
        }
    }

    /** A rank-0 (scalar) tensor. */
    public Tensor scalar(double value) {
        return Kernels.fromDoubles(device, dtype, new int[0], new double[] {value});
    }

    public Tensor zeros(int... shape) {
        return filled("zeros", 0.0, shape);
    }

    public Tensor ones(int... shape) {
        return filled("ones", 1.0, shape);
    }

    /** A tensor filled with {@code value}. */
    public Tensor full(double value, int... shape) {
        return filled("full", value, shape);
    }

    private Tensor filled(String op, double value, int... shape) {
        Shapes.numel(op, shape);
        Tensor t = Kernels.zeros(device, dtype, shape);
        if (value != 0.0) {
            Kernels.fill(t, value);
        }
        return t;
    }

    /** 0, 1, ..., end-1. */
    public Tensor arange(double end) {
        return arange(0, end, 1);
    }

    /** start, start+step, ... while below end (above it for a negative step), as PyTorch's arange. */
    public Tensor arange(double start, double end, double step) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: need finite start, end and a non-zero step, got start="
                    + start + " end=" + end + " step=" + step);
        }
        double count = Math.max(0, Math.ceil((end - start) / step));
        if (count > Shapes.MAX_NUMEL) {
            throw new IllegalArgumentException("arange: " + (long) count + " elements from start=" + start + " end="
                    + end + " step=" + step + " exceed the limit of " + Shapes.MAX_NUMEL + " per tensor; use a"
                    + " larger step or a smaller range");
        }
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = start + i * step;
        }
        return Kernels.fromDoubles(device, dtype, new int[] {v.length}, v);
    }

    /** The n x n identity matrix. */
    public Tensor eye(int n) {
        Tensor t = zeros(n, n);
        Kernels.fill(Kernels.view(t, new int[] {n}, new int[] {n + 1}, 0), 1.0);
        return t;
    }

    /** Uniform samples in [0, 1) from the default generator ({@link Tensor#manualSeed}). */
    public Tensor rand(int... shape) {
        return rand(Generator.defaultGenerator(), shape);
    }

    /** Uniform samples in [0, 1) drawn from {@code generator}. */
    public Tensor rand(Random generator, int... shape) {
        double[] v = new double[Shapes.numel("rand", shape)];
        Random g = checkGenerator("rand", generator);
        for (int i = 0; i < v.length; i++) {
            v[i] = g.nextDouble();
            if (dtype == DType.FLOAT32 && (float) v[i] == 1.0f) {
                v[i] = Math.nextDown(1.0f); // [1 - 2^-25, 1) would round up to 1: keep float32 samples below 1 too
            }
        }
        return Kernels.fromDoubles(device, dtype, shape, v);
    }

    /** Standard normal samples from the default generator ({@link Tensor#manualSeed}). */
    public Tensor randn(int... shape) {
        return randn(Generator.defaultGenerator(), shape);
    }

    /** Standard normal samples drawn from {@code generator}. */
    public Tensor randn(Random generator, int... shape) {
        double[] v = new double[Shapes.numel("randn", shape)];
        Random g = checkGenerator("randn", generator);
        for (int i = 0; i < v.length; i++) {
            v[i] = g.nextGaussian();
        }
        return Kernels.fromDoubles(device, dtype, shape, v);
    }

    private static Random checkGenerator(String op, Random generator) {
        if (generator == null) {
            throw new IllegalArgumentException(op + ": generator is null; pass a Generator (new Generator(seed)) or"
                    + " call " + op + "(shape...) to draw from the default one");
        }
        return generator;
    }
}
