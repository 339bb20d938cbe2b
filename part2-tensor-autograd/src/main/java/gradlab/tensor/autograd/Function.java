package gradlab.tensor.autograd;

import gradlab.tensor.DType;
import gradlab.tensor.Kernels;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One differentiable op, and (once applied) one node of the autograd graph: MiniTorch's "one op = one class".
 *
 * <p>An op implements two methods:
 * <ul>
 *   <li>{@link #forward}: computes the output from the inputs through the device kernels
 *       ({@link gradlab.tensor.Kernels}), and {@link #save saves} whatever backward will need;</li>
 *   <li>{@link #backward}: given dL/d(output), returns dL/d(input) for every input, <em>written with tensor
 *       ops</em>, so that backward with {@code createGraph = true} records a graph of its own and gradients can be
 *       differentiated again.</li>
 * </ul>
 * Tensor methods call {@link #apply}: it runs forward (under no-grad: a forward built from tensor ops records
 * nothing of its own) and, if grad mode is on and some input requires grad, records
 * this object as the output's {@code gradFn} with one {@link Edge} per input. The engine ({@link Engine}) later
 * calls backward on each recorded node in reverse topological order.
 *
 * <p>An op instance is used once: create a new one per call ({@code new Mul().apply(a, b)}).
 */
public abstract class Function {
    private Edge[] next;
    private int[][] inputShapes;
    private DType[] inputDTypes;
    private final List<SavedTensor> saved = new ArrayList<>();

    /** Computes the output with kernels; may {@link #save} tensors for backward. Records nothing. */
    protected abstract Tensor forward(Tensor... inputs);

    /**
     * Returns dL/d(input i) for each input given dL/d(output) (same shape as the output); each gradient must have
     * its input's shape. An entry may be null when {@link #needsInputGrad} is false for it.
     */
    protected abstract Tensor[] backward(Tensor gradOutput);

    /** The name PyTorch would give this node, e.g. "MulBackward". */
    public String name() {
        return getClass().getSimpleName() + "Backward";
    }

    /** The op's own name (the class name, e.g. "Mul"), used in error messages about the forward pass. */
    public String opName() {
        return getClass().getSimpleName();
    }

    /** Runs forward and records this node in the graph when grad mode is on and an input requires grad. */
    public final Tensor apply(Tensor... inputs) {
        checkInputs(inputs);
        inputs = promoted(inputs);
        Tensor out;
        try (NoGrad forwardRecordsNothing = new NoGrad()) {
            out = forward(inputs);
        }
        for (Tensor in : inputs) {
            if (out == in) { // never re-parent the caller's tensor: the node goes on a fresh view of it
                out = in.detach();
                break;
            }
        }
        boolean record = GradMode.isEnabled() && Arrays.stream(inputs).anyMatch(Tensor::requiresGrad);
        if (record) {
            next = new Edge[inputs.length];
            inputShapes = new int[inputs.length][];
            inputDTypes = new DType[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                Tensor in = inputs[i];
                inputShapes[i] = in.shape();
                inputDTypes[i] = in.dtype();
                if (in.gradFn() != null) {
                    next[i] = new Edge(in.gradFn(), null);
                } else if (in.requiresGrad()) {
                    next[i] = new Edge(null, in);
                }
            }
            out.setGradFn(this);
        } else {
            saved.clear();
        }
        if (AnomalyMode.isEnabled()) {
            AnomalyMode.checkForward(this, inputs, out);
        }
        return out;
    }

    /**
     * Refuses a null input and inputs on different devices, naming this op, before anything runs. (The forward runs
     * under no-grad, so an op built from tensor ops records only itself, never a throwaway graph.)
     */
    private void checkInputs(Tensor[] inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException(opName() + ": inputs are null; pass the tensors the op works on");
        }
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null) {
                throw new IllegalArgumentException(opName() + ": input " + i + " is null; pass a tensor (e.g."
                        + " Tensor.zeros(...) or the result of another op)");
            }
        }
        Kernels.checkSameDevice(opName(), inputs);
    }

    /**
     * The inputs converted to the widest dtype among them (float32 with float64 computes in float64, as in PyTorch);
     * the conversions are recorded, so gradients flow back in each input's own dtype.
     */
    private static Tensor[] promoted(Tensor[] inputs) {
        DType widest = inputs.length == 0 ? null : inputs[0].dtype();
        boolean mixed = false;
        for (Tensor in : inputs) {
            mixed |= in.dtype() != widest;
            widest = DType.promote(widest, in.dtype());
        }
        if (!mixed) {
            return inputs;
        }
        Tensor[] out = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            out[i] = inputs[i].to(widest);
        }
        return out;
    }

    /** Keeps {@code t} for backward; {@link SavedTensor#get()} checks it was not modified in place meanwhile. */
    protected final SavedTensor save(Tensor t) {
        SavedTensor s = new SavedTensor(t, this);
        saved.add(s);
        return s;
    }

    /** Whether input {@code i} needs a gradient (it requires grad); backward may skip the others. */
    protected final boolean needsInputGrad(int i) {
        return next != null && next[i] != null;
    }

    /** The shape input {@code i} had (backward often sums a broadcast gradient back to it). */
    protected final int[] inputShape(int i) {
        return inputShapes[i].clone();
    }

    /** Where each input's gradient goes (null for inputs that do not require grad): PyTorch's next_functions. */
    public final List<Edge> nextEdges() {
        return next == null ? List.of() : Arrays.asList(next.clone());
    }

    Edge[] edges() {
        return next;
    }

    /** Calls backward and checks what it returns: one gradient per input, each of its input's shape. */
    Tensor[] runBackward(Tensor gradOutput) {
        Tensor[] grads;
        boolean wasInBackward = AnomalyMode.inBackward();
        AnomalyMode.setInBackward(true);
        try {
            grads = backward(gradOutput);
        } finally {
            AnomalyMode.setInBackward(wasInBackward);
        }
        if (grads.length != next.length) {
            throw new IllegalStateException(name() + " returned " + grads.length + " gradients but has "
                    + next.length + " inputs; backward must return one gradient per input");
        }
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] == null || next[i] == null) {
                continue;
            }
            if (!Arrays.equals(grads[i].shape(), inputShapes[i])) {
                throw new IllegalStateException("Function " + name() + " returned an invalid gradient at index " + i
                        + " - got " + Shapes.str(grads[i].shape()) + " but expected shape compatible with "
                        + Shapes.str(inputShapes[i]) + " (a broadcast gradient must be summed back to the input's"
                        + " shape, e.g. with sumToSize)");
            }
            if (grads[i].dtype() != inputDTypes[i]) {
                grads[i] = grads[i].to(inputDTypes[i]);
            }
        }
        if (AnomalyMode.isEnabled()) {
            AnomalyMode.checkBackward(this, gradOutput, grads);
        }
        return grads;
    }

    /** Frees the saved tensors (after a backward without retainGraph). */
    void release() {
        for (SavedTensor s : saved) {
            s.release();
        }
    }

    @Override
    public String toString() {
        return "<" + name() + ">";
    }
}
