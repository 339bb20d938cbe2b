package gradlab.tensor.check;

import gradlab.gradcheck.TwiceDifferentiable;
import gradlab.tensor.DType;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Engine;

/**
 * Adapts a function of tensors to the gradient checker ({@code gradlab.gradcheck}), which works on flat
 * {@code double[]} arrays:
 * <ul>
 *   <li>{@link #forward}: builds float64 input tensors of the given shapes and runs the function;</li>
 *   <li>{@link #backward}: runs it again with inputs that require grad and backpropagates the checker's upstream
 *       gradient (the vector-Jacobian product);</li>
 *   <li>{@link #doubleBackward}: backpropagates with {@code createGraph = true}, forms
 *       L = sum_i &lt;gg_i, dL/dx_i&gt; and backpropagates that, giving second derivatives for gradgradcheck.</li>
 * </ul>
 * The inputs can be laid out non-contiguously ({@link Layout}), to catch ops that ignore strides.
 * <pre>
 *   var f = TensorGradCheck.of(in -&gt; in[0].mul(in[1]).sum(), new int[] {2, 3}, new int[] {3});
 *   GradCheck.assertCorrect(f, Input.uniform("a", rnd, -1, 1, 2, 3), Input.uniform("b", rnd, -1, 1, 3));
 * </pre>
 */
public final class TensorGradCheck implements TwiceDifferentiable {
    private final TensorFunction function;
    private final int[][] shapes;
    private final Layout layout;

    private TensorGradCheck(TensorFunction function, int[][] shapes, Layout layout) {
        this.function = function;
        this.shapes = shapes;
        this.layout = layout;
    }

    /** The function of inputs with the given shapes, fed contiguous inputs. */
    public static TensorGradCheck of(TensorFunction function, int[]... shapes) {
        int[][] copy = new int[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            copy[i] = shapes[i].clone();
        }
        return new TensorGradCheck(function, copy, Layout.CONTIGUOUS);
    }

    /** The same check with inputs in another layout. */
    public TensorGradCheck layout(Layout newLayout) {
        return new TensorGradCheck(function, shapes, newLayout);
    }

    @Override
    public double[] forward(double[][] inputs) {
        try (var g = Tensor.noGrad()) {
            return function.apply(tensors(inputs, false)).toDoubleArray();
        }
    }

    @Override
    public double[][] backward(double[][] inputs, double[] gradOutput) {
        Tensor[] x = tensors(inputs, true);
        Tensor y = function.apply(x);
        Tensor seed = Tensor.on(y.device()).of(y.shape(), gradOutput);
        if (!y.requiresGrad()) {
            return zeros(inputs, null);
        }
        return arrays(Engine.grad(y, seed, x, false, false), inputs, null);
    }

    @Override
    public double[][] doubleBackward(double[][] inputs, double[] gradOutput, double[][] gradGradInputs) {
        Tensor[] x = tensors(inputs, true);
        Tensor y = function.apply(x);
        Tensor seed = Tensor.on(y.device()).of(y.shape(), gradOutput).requiresGrad(true);
        if (!y.requiresGrad()) {
            return zeros(inputs, gradOutput);
        }
        Tensor[] grads = Engine.grad(y, seed, x, true, true);
        Tensor total = null;
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null && grads[i].requiresGrad()) {
                Tensor term = grads[i].mul(Tensor.on(grads[i].device()).of(shapes[i], gradGradInputs[i])).sum();
                total = total == null ? term : total.add(term);
            }
        }
        if (total == null) {
            return zeros(inputs, gradOutput);
        }
        Tensor[] all = new Tensor[x.length + 1];
        System.arraycopy(x, 0, all, 0, x.length);
        all[x.length] = seed;
        return arrays(Engine.grad(total, null, all, false, false), inputs, gradOutput);
    }

    /** Builds the float64 input tensors in this check's layout. */
    public Tensor[] tensors(double[][] inputs, boolean requiresGrad) {
        return tensors(inputs, requiresGrad, DType.FLOAT64);
    }

    /**
     * Builds the input tensors in this check's layout and the given dtype (float32 inputs keep the layout, so float32
     * kernels meet the same strides and offsets).
     */
    public Tensor[] tensors(double[][] inputs, boolean requiresGrad, DType dtype) {
        if (inputs.length != shapes.length) {
            throw new IllegalArgumentException("TensorGradCheck: expected " + shapes.length + " inputs, got "
                    + inputs.length);
        }
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = layOut(shapes[i], inputs[i], layout, dtype).requiresGrad(requiresGrad);
        }
        return out;
    }

    /** A float64 leaf tensor of the given shape and row-major values, stored in the given layout. */
    public static Tensor layOut(int[] shape, double[] values, Layout layout) {
        return layOut(shape, values, layout, DType.FLOAT64);
    }

    /** A leaf tensor of the given shape, row-major values and dtype, stored in the given layout. */
    public static Tensor layOut(int[] shape, double[] values, Layout layout, DType dtype) {
        if (Shapes.numel(shape) != values.length) {
            throw new IllegalArgumentException("TensorGradCheck: shape " + Shapes.str(shape) + " needs "
                    + Shapes.numel(shape) + " values, got " + values.length);
        }
        try (var g = Tensor.noGrad()) {
            Tensor dense = Tensor.of(shape, values).to(dtype).detach();
            if (layout == Layout.CONTIGUOUS) {
                return dense;
            }
            int rank = shape.length;
            if (layout == Layout.PERMUTED && rank >= 2) {
                int[] reverse = new int[rank];
                for (int d = 0; d < rank; d++) {
                    reverse[d] = rank - 1 - d;
                }
                Tensor buffer = dense.permute(reverse).contiguous();
                return buffer.permute(reverse).detach();
            }
            if (layout == Layout.TRANSPOSED && rank >= 2) {
                Tensor buffer = dense.transpose(rank - 2, rank - 1).contiguous();
                return buffer.transpose(rank - 2, rank - 1).detach();
            }
            if ((layout == Layout.NARROWED || layout == Layout.TRANSPOSED || layout == Layout.STEPPED) && rank > 0) {
                return everyDimInBuffer(shape, dense, layout == Layout.NARROWED);
            }
            if (rank == 0) {
                Tensor buffer = Tensor.full(dtype, Double.NaN, 3);
                Tensor view = buffer.select(0, 1);
                view.copyFrom(dense);
                return view.detach();
            }
            int[] bufferShape = shape.clone();
            bufferShape[rank - 1] = 2 * shape[rank - 1] + 1;
            Tensor buffer = Tensor.full(dtype, Double.NaN, bufferShape);
            Tensor view = buffer.slice(rank - 1, 1, bufferShape[rank - 1], 2);
            view.copyFrom(dense);
            return view.detach();
        }
    }

    /**
     * A view of every dim of a NaN-filled buffer: narrowed (buffer dim n + 2, x = buffer[1:n+1]) or stepped
     * (buffer dim 2n + 1, x = buffer[1::2]); the values of dense are copied into the view.
     */
    private static Tensor everyDimInBuffer(int[] shape, Tensor dense, boolean narrowed) {
        int rank = shape.length;
        int[] bufferShape = new int[rank];
        for (int d = 0; d < rank; d++) {
            bufferShape[d] = narrowed ? shape[d] + 2 : 2 * shape[d] + 1;
        }
        Tensor view = Tensor.full(dense.dtype(), Double.NaN, bufferShape);
        for (int d = 0; d < rank; d++) {
            view = narrowed ? view.narrow(d, 1, shape[d]) : view.slice(d, 1, bufferShape[d], 2);
        }
        view.copyFrom(dense);
        return view.detach();
    }

    private double[][] arrays(Tensor[] grads, double[][] inputs, double[] gradOutput) {
        double[][] out = zeros(inputs, gradOutput);
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null) {
                out[i] = grads[i].to(DType.FLOAT64).toDoubleArray();
            }
        }
        return out;
    }

    private static double[][] zeros(double[][] inputs, double[] gradOutput) {
        int n = inputs.length + (gradOutput == null ? 0 : 1);
        double[][] out = new double[n][];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = new double[inputs[i].length];
        }
        if (gradOutput != null) {
            out[inputs.length] = new double[gradOutput.length];
        }
        return out;
    }
}
