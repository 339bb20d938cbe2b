package gradlab.optim;

import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.RmspropStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop (Hinton's lecture 6e), exactly as PyTorch's {@code torch.optim.RMSprop} (1.13): divide the gradient by a
 * running root-mean-square of recent gradients, so every coordinate moves at a similar speed. For each parameter
 * w with gradient g:
 *
 * <pre>
 *   g = -g                                 if maximize
 *   g = g + weightDecay * w                if weightDecay != 0
 *   s = alpha * s + (1 - alpha) * g^2      s starts at 0
 *   if centered:                           estimate the variance instead of the raw second moment
 *       a = alpha * a + (1 - alpha) * g    a starts at 0
 *       d = sqrt(s - a^2) + eps
 *   else:
 *       d = sqrt(s) + eps
 *   if momentum mu &gt; 0:
 *       b = mu * b + g / d                 b starts at 0
 *       w = w - lr * b
 *   else:
 *       w = w - lr * g / d
 * </pre>
 *
 * <p>Unlike Adam there is no bias correction: the first steps are large (s is small), about lr/sqrt(1 - alpha)
 * = 10 lr with the default alpha = 0.99. Note eps is added outside the square root.
 *
 * <p>State per parameter: {@code "step"}, {@code "square_avg"} (s), {@code "momentum_buffer"} (b, when momentum
 * &gt; 0) and {@code "grad_avg"} (a, when centered).
 */
public final class RMSprop extends Optimizer {

    /** RMSprop over one group of parameters. */
    public RMSprop(List<? extends Tensor> params, Options options) {
        super(oneGroup(params), requireOptions(options, "RMSprop").toMap());
    }

    /** RMSprop with this learning rate and PyTorch's defaults (alpha 0.99, eps 1e-8). */
    public RMSprop(List<? extends Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    private RMSprop(Options defaults, List<ParamGroup> groups) {
        super(groups, requireOptions(defaults, "RMSprop").toMap());
    }

    /** RMSprop over several groups; a group's options override {@code defaults}. */
    public static RMSprop ofGroups(List<ParamGroup> groups, Options defaults) {
        return new RMSprop(defaults, groups);
    }

    /** PyTorch's defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0, momentum 0, centered false. */
    public static Options options() {
        return new Options();
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        requireNonNegative(group, "lr", where);
        requireNonNegative(group, "eps", where);
        requireNonNegative(group, "momentum", where);
        requireNonNegative(group, "weightDecay", where);
        requireNonNegative(group, "alpha", where);
    }

    @Override
    protected void update(Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
        double momentum = group.getDouble("momentum");
        boolean centered = group.getBoolean("centered");
        boolean first = state.isEmpty();
        Tensor s = first ? Tensor.zerosLike(w) : state.get("square_avg");
        Tensor b = null;
        Tensor a = null;
        if (momentum > 0) {
            b = first ? Tensor.zerosLike(w) : requireState(state, "momentum_buffer", "momentum > 0");
        }
        if (centered) {
            a = first ? Tensor.zerosLike(w) : requireState(state, "grad_avg", "centered");
        }
        double t = nextStep(state);
        RmspropStep step = new RmspropStep(group.lr(), group.getDouble("alpha"), group.getDouble("eps"),
                group.getDouble("weightDecay"), momentum, centered, group.getBoolean("maximize"));
        OptimizerKernels.rmspropStep(name(), step, w, grad, s, a, b);  // one fused, in-place kernel call
        state.put("step", Tensor.scalar(t));
        if (first) {
            state.put("square_avg", s);
            if (b != null) {
                state.put("momentum_buffer", b);
            }
            if (a != null) {
                state.put("grad_avg", a);
            }
        }
    }

    /** RMSprop's options with PyTorch's defaults. */
    public static final class Options {
        private double lr = 1e-2;
        private double alpha = 0.99;
        private double eps = 1e-8;
        private double weightDecay;
        private double momentum;
        private boolean centered;
        private boolean maximize;

        private Options() {
        }

        /** Learning rate (default 1e-2). */
        public Options lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Smoothing constant of the running average of g^2 (default 0.99). */
        public Options alpha(double alpha) {
            this.alpha = alpha;
            return this;
        }

        /** Added to the denominator, outside the square root (default 1e-8). */
        public Options eps(double eps) {
            this.eps = eps;
            return this;
        }

        /** L2 penalty added to the gradient (default 0). */
        public Options weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Momentum on the normalized step (default 0). */
        public Options momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
        public Options centered(boolean centered) {
            this.centered = centered;
            return this;
        }

        /** Maximize the objective (default false). */
        public Options maximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("alpha", alpha);
            m.put("eps", eps);
            m.put("weightDecay", weightDecay);
            m.put("momentum", momentum);
            m.put("centered", centered);
            m.put("maximize", maximize);
            return m;
        }
    }
}
