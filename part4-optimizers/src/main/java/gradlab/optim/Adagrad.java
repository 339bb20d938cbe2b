package gradlab.optim;

import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.AdagradStep;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adagrad (Duchi, Hazan &amp; Singer, 2011), exactly as PyTorch's {@code torch.optim.Adagrad} (1.13): divide by the
 * root of the <i>sum</i> of all squared gradients so far, so often-updated coordinates slow down. For each
 * parameter w with gradient g, at step t = 1, 2, ...:
 *
 * <pre>
 *   g   = -g                                  if maximize
 *   g   = g + weightDecay * w                 if weightDecay != 0
 *   clr = lr / (1 + (t - 1) * lrDecay)
 *   s   = s + g^2                             s starts at initialAccumulatorValue
 *   w   = w - clr * g / (sqrt(s) + eps)
 * </pre>
 *
 * <p>The sum only grows, so the effective learning rate only shrinks: good for sparse features, too cautious for
 * long deep-learning runs (which is what RMSprop's running average fixes).
 *
 * <p>State per parameter: {@code "step"} and {@code "sum"} (s). PyTorch creates them when the optimizer is built;
 * here they are created at a parameter's first update, with the same values.
 */
public final class Adagrad extends Optimizer {

    /** Adagrad over one group of parameters. */
    public Adagrad(List<? extends Tensor> params, Options options) {
        super(oneGroup(params), requireOptions(options, "Adagrad").toMap());
    }

    /** Adagrad with this learning rate and PyTorch's defaults (eps 1e-10). */
    public Adagrad(List<? extends Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    private Adagrad(Options defaults, List<ParamGroup> groups) {
        super(groups, requireOptions(defaults, "Adagrad").toMap());
    }

    /** Adagrad over several groups; a group's options override {@code defaults}. */
    public static Adagrad ofGroups(List<ParamGroup> groups, Options defaults) {
        return new Adagrad(defaults, groups);
    }

    /** PyTorch's defaults: lr 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10. */
    public static Options options() {
        return new Options();
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        requireNonNegative(group, "lr", where);
        requireNonNegative(group, "lrDecay", where);
        requireNonNegative(group, "weightDecay", where);
        requireNonNegative(group, "initialAccumulatorValue", where);
        requireNonNegative(group, "eps", where);
    }

    @Override
    protected void update(Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
        boolean first = state.isEmpty();
        Tensor s = first ? Tensor.zerosLike(w).add(group.getDouble("initialAccumulatorValue")) : state.get("sum");
        double t = nextStep(state);
        AdagradStep step = new AdagradStep(group.lr(), group.getDouble("lrDecay"), group.getDouble("weightDecay"),
                group.getDouble("eps"), group.getBoolean("maximize"), t);
        OptimizerKernels.adagradStep(name(), step, w, grad, s);       // one fused, in-place kernel call
        state.put("step", Tensor.scalar(t));
        if (first) {
            state.put("sum", s);
        }
    }

    /** Adagrad's options with PyTorch's defaults. */
    public static final class Options {
        private double lr = 1e-2;
        private double lrDecay;
        private double weightDecay;
        private double initialAccumulatorValue;
        private double eps = 1e-10;
        private boolean maximize;

        private Options() {
        }

        /** Learning rate (default 1e-2). */
        public Options lr(double lr) {
            this.lr = lr;
            return this;
        }

        /** Learning-rate decay: step t uses lr / (1 + (t - 1) lrDecay) (default 0). */
        public Options lrDecay(double lrDecay) {
            this.lrDecay = lrDecay;
            return this;
        }

        /** L2 penalty added to the gradient (default 0). */
        public Options weightDecay(double weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /** Starting value of the sum of squared gradients (default 0). */
        public Options initialAccumulatorValue(double value) {
            this.initialAccumulatorValue = value;
            return this;
        }

        /** Added to the denominator, outside the square root (default 1e-10). */
        public Options eps(double eps) {
            this.eps = eps;
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
            m.put("lrDecay", lrDecay);
            m.put("weightDecay", weightDecay);
            m.put("initialAccumulatorValue", initialAccumulatorValue);
            m.put("eps", eps);
            m.put("maximize", maximize);
            return m;
        }
    }
}
