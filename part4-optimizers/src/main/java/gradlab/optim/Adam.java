package gradlab.optim;

import gradlab.tensor.Tensor;
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
        Tensor g = group.getBoolean("maximize") ? grad.neg() : grad;
        double weightDecay = group.getDouble("weightDecay");
        if (weightDecay != 0) {
            g = g.add(w.mul(weightDecay));                           // L2 penalty through the gradient: g + wd w
        }
        step(this, w, g, group, state);
    }

    /**
     * Adam's step proper, once the gradient g is final (AdamW calls it too, after its own decay): updates the
     * running averages m and v (and vmax with amsgrad) in {@code state} and moves w by
     * lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps).
     */
    static void step(Optimizer optimizer, Tensor w, Tensor g, ParamGroup group, Map<String, Tensor> state) {
        double lr = group.lr();
        double beta1 = group.getDouble("beta1");
        double beta2 = group.getDouble("beta2");
        double eps = group.getDouble("eps");
        boolean amsgrad = group.getBoolean("amsgrad");

        if (state.isEmpty()) {
            state.put("step", Tensor.scalar(0));
            state.put("exp_avg", Tensor.zerosLike(w));
            state.put("exp_avg_sq", Tensor.zerosLike(w));
            if (amsgrad) {
                state.put("max_exp_avg_sq", Tensor.zerosLike(w));
            }
        }
        double t = incrementStep(state);
        Tensor m = state.get("exp_avg");
        Tensor v = state.get("exp_avg_sq");
        m.mulInPlace(beta1).addInPlace(g.mul(1 - beta1));            // m = beta1 m + (1 - beta1) g
        v.mulInPlace(beta2).addInPlace(g.mul(1 - beta2).mul(g));     // v = beta2 v + (1 - beta2) g^2

        double biasCorrection1 = 1 - Math.pow(beta1, t);
        double biasCorrection2 = 1 - Math.pow(beta2, t);
        double stepSize = lr / biasCorrection1;
        Tensor second = v;
        if (amsgrad) {
            Tensor vmax = optimizer.requireState(state, "max_exp_avg_sq", "amsgrad");
            vmax.copyFrom(vmax.maximum(v));                          // vmax = max(vmax, v)
            second = vmax;
        }
        Tensor denom = second.sqrt().div(Math.sqrt(biasCorrection2)).add(eps);
        w.addInPlace(m.mul(-stepSize).div(denom));                   // w = w - stepSize m / denom
    }
}
