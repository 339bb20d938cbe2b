package gradlab.optim;

import gradlab.tensor.OptimizerKernels;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.AdamStep;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma &amp; Ba, 2015), exactly as PyTorch's {@code torch.optim.Adam} (1.13): a per-coordinate step size from
 * running averages of the gradient (m, "first moment") and of its square (v, "second moment"). For each
 * parameter w with gradient g, at step t = 1, 2, ...:
 *
 * <pre>
 *   g = -g                                 if maximize
 *   g = g + weightDecay * w                if weightDecay != 0   (L2 penalty in the gradient; see AdamW)
 *   m = beta1 * m + (1 - beta1) * g        m, v start at 0
 *   v = beta2 * v + (1 - beta2) * g^2
 *   vmax = max(vmax, v)                    if amsgrad, and then vmax is used for v below
 *   w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p><b>Bias correction.</b> Because m and v start at 0, early on they underestimate the true averages by the
 * factors (1 - beta1^t) and (1 - beta2^t); dividing by them makes the first step exactly lr * sign(g) (up to eps),
 * whatever the gradient's scale. Note where eps goes: added to sqrt(v) after correcting it, as PyTorch does.
 *
 * <p><b>AMSGrad</b> (Reddi et al., 2018) divides by the largest v seen so far, so the effective step never grows.
 *
 * <p>State per parameter: {@code "step"} (a scalar), {@code "exp_avg"} (m), {@code "exp_avg_sq"} (v) and, with
 * amsgrad, {@code "max_exp_avg_sq"} (vmax).
 */
public final class Adam extends Optimizer {

    /** Adam over one group of parameters. */
    public Adam(List<? extends Tensor> params, AdamOptions options) {
        super(oneGroup(params), requireOptions(options, "Adam").toMap());
    }

    /** Adam with this learning rate and PyTorch's defaults (betas 0.9, 0.999; eps 1e-8). */
    public Adam(List<? extends Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    private Adam(AdamOptions defaults, List<ParamGroup> groups) {
        super(groups, requireOptions(defaults, "Adam").toMap());
    }

    /** Adam over several groups; a group's options override {@code defaults}. */
    public static Adam ofGroups(List<ParamGroup> groups, AdamOptions defaults) {
        return new Adam(defaults, groups);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 0, amsgrad false. */
    public static AdamOptions options() {
        return new AdamOptions(0);
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        AdamOptions.check(this, group, where);
    }

    @Override
    protected void update(Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
        step(this, w, grad, group, state, false);                    // L2 penalty through the gradient: g + wd w
    }

    /**
     * Adam's and AdamW's update ({@code decoupled}: AdamW's decay of w instead of Adam's g + wd w), one fused,
     * in-place kernel call on w's device ({@link OptimizerKernels#adamStep}; the formula is {@link AdamStep}'s):
     * updates the running averages m and v (and vmax with amsgrad) and moves w by
     * lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps). The state is created (zeros) at the first update
     * and stored, with the new step count, only once the update succeeded.
     */
    static void step(Optimizer optimizer, Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state,
            boolean decoupled) {
        boolean amsgrad = group.getBoolean("amsgrad");
        boolean first = state.isEmpty();
        Tensor m = first ? Tensor.zerosLike(w) : state.get("exp_avg");
        Tensor v = first ? Tensor.zerosLike(w) : state.get("exp_avg_sq");
        Tensor vmax = null;
        if (amsgrad) {
            vmax = first ? Tensor.zerosLike(w) : optimizer.requireState(state, "max_exp_avg_sq", "amsgrad");
        }
        double t = nextStep(state);
        AdamStep step = new AdamStep(group.lr(), group.getDouble("beta1"), group.getDouble("beta2"),
                group.getDouble("eps"), group.getDouble("weightDecay"), decoupled, amsgrad,
                group.getBoolean("maximize"), t);
        OptimizerKernels.adamStep(optimizer.name(), step, w, grad, m, v, vmax);
        state.put("step", Tensor.scalar(t));
        if (first) {
            state.put("exp_avg", m);
            state.put("exp_avg_sq", v);
            if (amsgrad) {
                state.put("max_exp_avg_sq", vmax);
            }
        }
    }
}
