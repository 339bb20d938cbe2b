package gradlab.optim;

import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.SgdStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay, exactly as PyTorch's
 * {@code torch.optim.SGD} (1.13). For each parameter w with gradient g, at step t:
 *
 * <pre>
 *   g  = -g                          if maximize
 *   g  = g + weightDecay * w         if weightDecay != 0     (L2 penalty 0.5 wd |w|^2 folded into the gradient)
 *   if momentum mu != 0:
 *       v = g                        on the first step (t = 1)
 *       v = mu * v + (1 - dampening) * g     afterwards
 *       g = g + mu * v               if nesterov
 *       g = v                        otherwise
 *   w  = w - lr * g
 * </pre>
 *
 * <p><b>Other ways to write momentum.</b> The lecture (CS231n) writes momentum as <i>velocity</i>:
 * {@code v = mu*v - lr*g; w = w + v}. Unrolled, that is {@code w -= lr * (g_t + mu g_{t-1} + mu^2 g_{t-2} + ...)},
 * the same as PyTorch's {@code v = mu*v + g; w -= lr*v} as long as lr is constant: the lecture's v is -lr times
 * PyTorch's. They differ when lr changes (a scheduler): the lecture's velocity keeps the old lr's steps, PyTorch's
 * buffer applies the new lr to the whole buffer at once. A third convention, the exponential moving average
 * {@code v = beta*v + (1-beta)*g; w -= lr*v} (Andrew Ng's course), keeps (1 - beta) times PyTorch's buffer at every
 * step (both start from no history), so it equals PyTorch's SGD with dampening 0 and lr replaced by
 * lr*(1 - beta). PyTorch's {@code dampening = beta} is close to it but not equal: PyTorch takes v = g, undamped,
 * on the first step. With
 * momentum 0 all three are plain gradient descent {@code w -= lr*g}.
 *
 * <p><b>Nesterov.</b> With {@code nesterov}, the step uses {@code g + mu*v}: the gradient plus the momentum it is
 * about to take again, a look-ahead that damps oscillation. It needs momentum &gt; 0 and dampening = 0.
 *
 * <p>State per parameter: {@code "momentum_buffer"} (v), only when momentum != 0.
 */
public final class SGD extends Optimizer {

    /** SGD over one group of parameters. */
    public SGD(List<? extends Tensor> params, Options options) {
        super(oneGroup(params), requireOptions(options, "SGD").toMap());
    }

    /** Plain SGD: {@code w -= lr * g}. */
    public SGD(List<? extends Tensor> params, double lr) {
        this(params, options(lr));
    }

    private SGD(Options defaults, List<ParamGroup> groups) {
        super(groups, requireOptions(defaults, "SGD").toMap());
    }

    /** SGD over several groups; a group's options override {@code defaults} (PyTorch's list of dicts). */
    public static SGD ofGroups(List<ParamGroup> groups, Options defaults) {
        return new SGD(defaults, groups);
    }

    /** Options with this learning rate and PyTorch's defaults for the rest (all 0 / false). */
    public static Options options(double lr) {
        return new Options(lr);
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        requireNonNegative(group, "lr", where);
        requireNonNegative(group, "momentum", where);
        requireNonNegative(group, "weightDecay", where);
        double momentum = group.getDouble("momentum");
        double dampening = group.getDouble("dampening");
        if (group.getBoolean("nesterov") && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(name() + ": Nesterov momentum requires momentum > 0 and dampening = 0,"
                    + " but " + where + " has momentum " + momentum + " and dampening " + dampening
                    + "; set momentum (e.g. 0.9) and leave dampening at 0, or turn nesterov off");
        }
    }

    /**
     * One fused, in-place update on w's device ({@link OptimizerKernels#sgdStep}, the formula above line by line; see
     * {@link SgdStep}). The momentum buffer is created, zero, at the first update and set to g by it.
     */
    @Override
    protected void update(Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
        double momentum = group.getDouble("momentum");
        Tensor v = null;
        boolean firstStep = false;
        if (momentum != 0) {
            v = state.get("momentum_buffer");
            if (v == null) {
                v = Tensor.zerosLike(w);                                // the kernel sets v = g on the first step
                firstStep = true;
            }
        }
        SgdStep step = new SgdStep(group.lr(), momentum, group.getDouble("dampening"),
                group.getDouble("weightDecay"), group.getBoolean("nesterov"), group.getBoolean("maximize"), firstStep);
        OptimizerKernels.sgdStep(name(), step, w, grad, v);
        if (firstStep) {
            state.put("momentum_buffer", v);
        }
    }

    /** SGD's options, with PyTorch's names in Java style and PyTorch's defaults. */
    public static final class Options {
        private final double lr;
        private double momentum;
        private double dampening;
        private double weightDecay;
        private boolean nesterov;
        private boolean maximize;

        private Options(double lr) {
            this.lr = lr;
        }

        /** Momentum factor mu (default 0: plain SGD). */
        public Options momentum(double momentum) {
            this.momentum = momentum;
            return this;
        }

        /** Dampening for momentum: v = mu v + (1 - dampening) g (default 0). */
        public Options dampening(double dampening) {
            this.dampening = dampening;
            return this;
        }

        /** L2 penalty coefficient added to the gradient: g + wd * w (default 0). */
        public Options weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Nesterov momentum (default false). */
        public Options nesterov(boolean nesterov) {
            this.nesterov = nesterov;
            return this;
        }

        /** Maximize the objective instead of minimizing it (default false). */
        public Options maximize(boolean maximize) {
            this.maximize = maximize;
            return this;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("lr", lr);
            m.put("momentum", momentum);
            m.put("dampening", dampening);
            m.put("weightDecay", weightDecay);
            m.put("nesterov", nesterov);
            m.put("maximize", maximize);
            return m;
        }
    }
}
