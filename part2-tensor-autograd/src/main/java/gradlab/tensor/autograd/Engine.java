package gradlab.tensor.autograd;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Storage;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode differentiation over the recorded graph.
 *
 * <p>Backward from an output y with seed g = dL/dy:
 * <ol>
 *   <li>Count, for every node reachable from y's gradFn, how many edges lead into it (its dependencies). This walk
 *       uses an explicit stack, never recursion, so a graph of a million nodes is fine.</li>
 *   <li>Start with y's node holding g. Repeatedly take a node whose dependencies are all done (its gradient is
 *       complete: every consumer has contributed), call its backward, and add each input's gradient to that
 *       input's node (or to a leaf's {@code grad}). This is Kahn's topological order.</li>
 * </ol>
 * Gradients arriving at the same node from several paths are summed: the multivariable chain rule.
 *
 * <p><b>A leaf's first gradient is taken, not copied</b> (PyTorch's AccumulateGrad "steals" it too), when that is
 * safe: the gradient's storage was created during this pass (so no saved tensor, seed or user tensor shares it), it
 * is contiguous and fills its storage, no other leaf received the same storage, and no graph of the backward pass is
 * being recorded. Otherwise the leaf gets a copy ({@code g.clone()}), so writing into one leaf's {@code grad} in
 * place never changes another tensor.
 */
public final class Engine {
    private Engine() {
    }

    /** y.backward(seed): accumulates dL/dx into the grad of every leaf x that y depends on. */
    public static void backward(Tensor output, Tensor seed, boolean retainGraph, boolean createGraph) {
        run(output, seed, retainGraph, createGraph, null);
    }

    /**
     * The gradients of {@code output} with respect to {@code inputs}, returned instead of accumulated into any
     * {@code grad} (PyTorch's {@code torch.autograd.grad}). An input the output does not depend on gets null.
     */
    public static Tensor[] grad(Tensor output, Tensor seed, Tensor[] inputs, boolean retainGraph,
                                boolean createGraph) {
        Map<Object, Integer> targets = new IdentityHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            if (!inputs[i].requiresGrad()) {
                throw new IllegalArgumentException("grad: input " + i + " " + Shapes.str(inputs[i].shape())
                        + " does not require grad; call requiresGrad(true) on it before computing the output");
            }
            targets.put(inputs[i].gradFn() != null ? inputs[i].gradFn() : inputs[i], i);
        }
        Tensor[] result = new Tensor[inputs.length];
        run(output, seed, retainGraph, createGraph, new Capture(targets, result));
        return result;
    }

    /** Where gradients go in {@link #grad} mode: into an array slot per requested input, not into leaves. */
    private record Capture(Map<Object, Integer> targets, Tensor[] result) {
        void offer(Object key, Tensor g) {
            Integer i = targets.get(key);
            if (i != null && g != null) {
                result[i] = result[i] == null ? g : result[i].add(g);
            }
        }
    }

    private static void run(Tensor output, Tensor seed, boolean retainGraph, boolean createGraph, Capture capture) {
        long firstFresh = Storage.nextSerial(); // storages from here on are this pass's own (the seed is older)
        if (!output.requiresGrad()) {
            throw new IllegalStateException("element 0 of tensors does not require grad and does not have a gradFn:"
                    + " nothing it depends on requires grad (call requiresGrad(true) on the inputs, and do not"
                    + " compute it under noGrad)");
        }
        if (seed == null) {
            if (output.numel() != 1) {
                throw new IllegalStateException("grad can be implicitly created only for scalar outputs: the output"
                        + " has shape " + Shapes.str(output.shape()) + "; call backward(seed) with a seed of that"
                        + " shape (the gradient of the loss with respect to this output)");
            }
            seed = Tensor.onesLike(output);
            firstFresh = Storage.nextSerial();
        } else if (!Arrays.equals(seed.shape(), output.shape())) {
            throw new IllegalArgumentException("backward: seed shape " + Shapes.str(seed.shape())
                    + " does not match the output shape " + Shapes.str(output.shape()));
        }
        boolean previous = GradMode.isEnabled();
        GradMode.setEnabled(createGraph);
        Leaves leaves = new Leaves(createGraph ? Long.MAX_VALUE : firstFresh);
        try {
            if (output.gradFn() == null) {
                deliver(output, seed.to(output.dtype()), capture, leaves);
                return;
            }
            Function root = output.gradFn();
            Map<Function, Integer> dependencies = countDependencies(root);
            Map<Function, Tensor> pending = new IdentityHashMap<>();
            pending.put(root, seed.to(output.dtype()));
            Deque<Function> ready = new ArrayDeque<>();
            ready.push(root);
            while (!ready.isEmpty()) {
                Function node = ready.pop();
                Tensor gradOutput = pending.remove(node);
                Tensor[] grads = null;
                if (gradOutput != null) {
                    if (capture != null) {
                        capture.offer(node, gradOutput);
                    }
                    grads = node.runBackward(gradOutput);
                }
                if (!retainGraph) {
                    node.release();
                }
                Edge[] edges = node.edges();
                for (int i = 0; i < edges.length; i++) {
                    Edge edge = edges[i];
                    if (edge == null) {
                        continue;
                    }
                    Tensor g = grads == null ? null : grads[i];
                    if (edge.leaf() != null) {
                        if (g != null) {
                            deliver(edge.leaf(), g, capture, leaves);
                        }
                        continue;
                    }
                    Function next = edge.function();
                    if (g != null) {
                        pending.merge(next, g, Tensor::add);
                    }
                    if (dependencies.merge(next, -1, Integer::sum) == 0) {
                        ready.push(next);
                    }
                }
            }
        } finally {
            GradMode.setEnabled(previous);
        }
    }

    /**
     * Number of edges into each node reachable from {@code root} (iterative depth-first walk). The map doubles as the
     * walk's "seen" set: a node is pushed when it first gets an entry (root starts at 0), so one table of a million
     * entries is built, not two.
     */
    private static Map<Function, Integer> countDependencies(Function root) {
        Map<Function, Integer> dependencies = new IdentityHashMap<>();
        Deque<Function> stack = new ArrayDeque<>();
        dependencies.put(root, 0);
        stack.push(root);
        while (!stack.isEmpty()) {
            Function node = stack.pop();
            for (Edge edge : node.edges()) {
                if (edge != null && edge.function() != null) {
                    Integer before = dependencies.put(edge.function(), 1);
                    if (before == null) {
                        stack.push(edge.function());   // first edge into it: walk on from it
                    } else {
                        dependencies.put(edge.function(), before + 1);
                    }
                }
            }
        }
        return dependencies;
    }

    /**
     * A leaf's gradient: accumulated into its grad (PyTorch's AccumulateGrad), or captured for {@link #grad}. The
     * first gradient is taken as it is when {@link Leaves#mayTake} says so, else copied.
     */
    private static void deliver(Tensor leaf, Tensor g, Capture capture, Leaves leaves) {
        if (capture != null) {
            capture.offer(leaf, g);
            return;
        }
        Tensor old = leaf.grad();
        if (old != null) {
            leaf.setGrad(old.add(g));
        } else {
            leaf.setGrad(leaves.mayTake(g) ? g : g.clone());
        }
    }

    /** What one backward pass has handed to leaves so far, to decide whether a gradient may be taken uncopied. */
    private static final class Leaves {
        private final long firstFresh;
        private final Set<Long> given = new java.util.HashSet<>();

        /** @param firstFresh the first storage serial created during this pass (Long.MAX_VALUE: never take) */
        Leaves(long firstFresh) {
            this.firstFresh = firstFresh;
        }

        /**
         * Whether {@code g} may become a leaf's grad without a copy: made during this pass, contiguous over its whole
         * storage, not requiring grad, and its storage not given to another leaf already (it is recorded as given).
         */
        boolean mayTake(Tensor g) {
            long storage = g.storageSerial();
            boolean take = storage >= firstFresh && !g.requiresGrad() && g.isContiguous() && g.offset() == 0
                    && g.numel() == g.storageSize() && !given.contains(storage);
            given.add(storage);
            return take;
        }
    }
}
