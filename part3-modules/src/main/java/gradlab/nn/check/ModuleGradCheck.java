package gradlab.nn.check;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.GradCheckResult;
import gradlab.gradcheck.Input;
import gradlab.gradcheck.TwiceDifferentiable;
import gradlab.nn.Module;
import gradlab.nn.Parameter;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Engine;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorGradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gradient-checks a {@link Module} with respect to its input <em>and</em> every parameter, by central differences
 * ({@code gradlab.gradcheck}). The module is seen as a function y = f(x, p1, ..., pk) of the input and of each of its
 * parameters that requires grad (frozen ones stay fixed); each is an input of the check, named by its dotted name
 * ({@code "input"}, {@code "0.weight"}, ...), so a failure report says which parameter's gradient is wrong:
 * <pre>
 *   ModuleGradCheck.of(new Linear(3, 2)).layout(Layout.STRIDED).assertCorrect(Tensor.rand(new Generator(1), 4, 3));
 * </pre>
 * The check runs at the parameters' current values and restores them afterwards, and the buffers too (a batch norm
 * in training mode updates its running statistics at each of the check's many forwards). Check in float64 (the default
 * dtype), with a module whose forward is deterministic (put dropout in eval mode, or hold its mask fixed with
 * {@link #seed(long)}; a random forward is reported as such), at points away from kinks (relu at 0).
 */
public final class ModuleGradCheck {
    private final Module module;
    private final Layout layout;
    private final GradCheckOptions options;
    /** The seed the default generators are reset to before every forward, or null to leave them alone. */
    private final Long seed;

    private ModuleGradCheck(Module module, Layout layout, GradCheckOptions options, Long seed) {
        this.module = module;
        this.layout = layout;
        this.options = options;
        this.seed = seed;
    }

    /** A check of {@code module} with contiguous inputs and the default options (full Jacobian). */
    public static ModuleGradCheck of(Module module) {
        if (module == null) {
            throw new IllegalArgumentException("ModuleGradCheck: module is null");
        }
        return new ModuleGradCheck(module, Layout.CONTIGUOUS, GradCheckOptions.defaults(), null);
    }

    /** The same check with the input laid out as {@code newLayout} (PERMUTED, STRIDED catch ops ignoring strides). */
    public ModuleGradCheck layout(Layout newLayout) {
        if (newLayout == null) {
            throw new IllegalArgumentException("ModuleGradCheck.layout: layout is null; pass one of "
                    + java.util.Arrays.toString(Layout.values()));
        }
        return new ModuleGradCheck(module, newLayout, options, seed);
    }

    /** The same check with other options (tolerances, seed, sparse/fast mode for big modules). */
    public ModuleGradCheck options(GradCheckOptions newOptions) {
        if (newOptions == null) {
            throw new IllegalArgumentException("ModuleGradCheck.options: options is null; pass"
                    + " GradCheckOptions.defaults() with the settings you change");
        }
        return new ModuleGradCheck(module, layout, newOptions, seed);
    }

    /**
     * The same check with the randomness held fixed: the default generator ({@code Tensor.manualSeed}) is reseeded
     * with {@code seed} before every forward, so a layer that draws from it (a {@code new Dropout(p)} in training
     * mode) draws the same mask each time and is checked with that mask. (This leaves the default generator
     * reseeded.)
     */
    public ModuleGradCheck seed(long newSeed) {
        return new ModuleGradCheck(module, layout, options, newSeed);
    }

    /** The dotted names of the parameters checked: those that require grad. */
    public List<String> checkedParameters() {
        return new ArrayList<>(trainable().keySet());
    }

    /** Checks d forward / d input and d forward / d p for every trainable parameter p, at {@code input}. */
    public GradCheckResult check(Tensor input) {
        checkInput(input);
        Adapter adapter = new Adapter(input.shape());
        try {
            adapter.requireDeterministic(input);
            return GradCheck.check(adapter, options, adapter.inputs(input));
        } finally {
            adapter.restore();
        }
    }

    /** {@link #check}, throwing an AssertionError naming the module and layout, with the report, on failure. */
    public void assertCorrect(Tensor input) {
        GradCheckResult r = check(input);
        if (!r.passed()) {
            throw new AssertionError("ModuleGradCheck of " + module + " (input layout " + layout + ") failed:\n"
                    + r.report());
        }
    }

    /** Second-order check: the gradients are themselves differentiated (needs double backward of every op). */
    public GradCheckResult gradgradcheck(Tensor input) {
        checkInput(input);
        Adapter adapter = new Adapter(input.shape());
        try {
            adapter.requireDeterministic(input);
            return GradCheck.gradgradcheck(adapter, options, adapter.inputs(input));
        } finally {
            adapter.restore();
        }
    }

    /** {@link #gradgradcheck}, throwing an AssertionError with the report on failure. */
    public void assertGradGradCorrect(Tensor input) {
        GradCheckResult r = gradgradcheck(input);
        if (!r.passed()) {
            throw new AssertionError("ModuleGradCheck (second order) of " + module + " (input layout " + layout
                    + ") failed:\n" + r.report());
        }
    }

    private static void checkInput(Tensor input) {
        if (input == null) {
            throw new IllegalArgumentException("ModuleGradCheck: input is null; pass a float64 input tensor of the"
                    + " shape the module takes, e.g. Tensor.rand(new Generator(1), 4, 3)");
        }
    }

    private Map<String, Parameter> trainable() {
        Map<String, Parameter> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : module.namedParameters().entrySet()) {
            if (e.getValue().requiresGrad()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * The module as a function of flat arrays: inputs[0] is the input, inputs[1 + i] the values of parameter i, which
     * are copied into the parameter before each evaluation.
     */
    private final class Adapter implements TwiceDifferentiable {
        private final int[] inputShape;
        private final List<String> names;
        private final List<Parameter> params;
        private final List<Tensor> saved = new ArrayList<>();
        /** Every buffer of the module (running statistics, counters) and a copy of its value before the check. */
        private final List<Tensor> buffers;
        private final List<Tensor> savedBuffers = new ArrayList<>();

        Adapter(int[] inputShape) {
            this.inputShape = inputShape;
            Map<String, Parameter> t = trainable();
            this.names = new ArrayList<>(t.keySet());
            this.params = new ArrayList<>(t.values());
            this.buffers = new ArrayList<>(module.namedBuffers().values());
            try (var g = Tensor.noGrad()) {
                for (Parameter p : params) {
                    saved.add(p.clone());
                }
                for (Tensor b : buffers) {
                    savedBuffers.add(b.clone());
                }
            }
        }

        Input[] inputs(Tensor input) {
            Input[] in = new Input[1 + params.size()];
            in[0] = Input.of("input", inputShape, input.to(DType.FLOAT64).toDoubleArray());
            for (int i = 0; i < params.size(); i++) {
                in[1 + i] = Input.of(names.get(i), params.get(i).shape(), params.get(i).toDoubleArray());
            }
            return in;
        }

        void restore() {
            try (var g = Tensor.noGrad()) {
                for (int i = 0; i < params.size(); i++) {
                    params.get(i).copyFrom(saved.get(i));
                }
                for (int i = 0; i < buffers.size(); i++) {
                    buffers.get(i).copyFrom(savedBuffers.get(i));
                }
            }
        }

        /**
         * Runs the forward a few times at {@code input} and the current parameters: a module whose outputs differ
         * (dropout in training mode, any fresh random draw) cannot be gradchecked, since central differences would
         * measure the randomness; say so and how to fix it, instead of reporting wrong derivatives.
         */
        void requireDeterministic(Tensor input) {
            double[][] in = new double[1 + params.size()][];
            in[0] = input.to(DType.FLOAT64).toDoubleArray();
            for (int i = 0; i < params.size(); i++) {
                in[1 + i] = params.get(i).toDoubleArray();
            }
            double[] first = forward(in);
            for (int run = 1; run < 4; run++) {
                double[] again = forward(in);
                for (int k = 0; k < first.length; k++) {
                    if (Double.compare(first[k], again[k]) != 0) {
                        throw new IllegalArgumentException("ModuleGradCheck: the forward of "
                                + module.getClass().getSimpleName() + " is not deterministic: at the same input and"
                                + " parameters, output element " + k + " was " + first[k] + " and then " + again[k]
                                + ", so central differences would measure its randomness, not its derivative. Check"
                                + " it in eval mode (module.eval(): dropout is then the identity), or with the"
                                + " randomness fixed: ModuleGradCheck.of(module).seed(0) reseeds the default generator"
                                + " before every forward (for layers that draw from it, like new Dropout(p))");
                    }
                }
            }
        }

        private void reseed() {
            if (seed != null) {
                Tensor.manualSeed(seed); // the one default generator: Init and Dropout draw from it too
            }
        }

        @Override
        public int arity() {
            return 1 + params.size();
        }

        /** The input tensor in the check's layout, after loading the parameter values. */
        private Tensor[] load(double[][] inputs, boolean requiresGrad) {
            reseed();
            Tensor x = TensorGradCheck.layOut(inputShape, inputs[0], layout).requiresGrad(requiresGrad);
            Tensor[] all = new Tensor[1 + params.size()];
            all[0] = x;
            try (var g = Tensor.noGrad()) {
                for (int i = 0; i < params.size(); i++) {
                    Parameter p = params.get(i);
                    p.copyFrom(Tensor.on(p.device()).of(p.shape(), inputs[1 + i]));
                    all[1 + i] = p;
                }
            }
            return all;
        }

        @Override
        public double[] forward(double[][] inputs) {
            Tensor[] all = load(inputs, false);
            try (var g = Tensor.noGrad()) {
                return module.call(all[0]).to(DType.FLOAT64).toDoubleArray();
            }
        }

        @Override
        public double[][] backward(double[][] inputs, double[] gradOutput) {
            Tensor[] all = load(inputs, true);
            Tensor y = module.call(all[0]);
            if (!y.requiresGrad()) {
                return arrays(new Tensor[all.length], inputs, null);
            }
            Tensor seed = Tensor.on(y.device()).of(y.shape(), gradOutput);
            return arrays(Engine.grad(y, seed, all, false, false), inputs, null);
        }

        @Override
        public double[][] doubleBackward(double[][] inputs, double[] gradOutput, double[][] gradGradInputs) {
            Tensor[] all = load(inputs, true);
            Tensor y = module.call(all[0]);
            Tensor seed = Tensor.on(y.device()).of(y.shape(), gradOutput).requiresGrad(true);
            if (!y.requiresGrad()) {
                return arrays(new Tensor[all.length + 1], inputs, gradOutput);
            }
            Tensor[] grads = Engine.grad(y, seed, all, true, true);
            Tensor total = null;
            for (int i = 0; i < grads.length; i++) {
                if (grads[i] != null && grads[i].requiresGrad()) {
                    Tensor term = grads[i].mul(Tensor.on(grads[i].device()).of(grads[i].shape(), gradGradInputs[i])).sum();
                    total = total == null ? term : total.add(term);
                }
            }
            if (total == null) {
                return arrays(new Tensor[all.length + 1], inputs, gradOutput);
            }
            Tensor[] withSeed = new Tensor[all.length + 1];
            System.arraycopy(all, 0, withSeed, 0, all.length);
            withSeed[all.length] = seed;
            return arrays(Engine.grad(total, null, withSeed, false, false), inputs, gradOutput);
        }

        /** Gradients as arrays; a null gradient (the output does not depend on that input) is zeros. */
        private double[][] arrays(Tensor[] grads, double[][] inputs, double[] gradOutput) {
            int n = inputs.length + (gradOutput == null ? 0 : 1);
            double[][] out = new double[n][];
            for (int i = 0; i < n; i++) {
                int len = i < inputs.length ? inputs[i].length : gradOutput.length;
                out[i] = i < grads.length && grads[i] != null ? grads[i].to(DType.FLOAT64).toDoubleArray()
                        : new double[len];
            }
            return out;
        }
    }
}
