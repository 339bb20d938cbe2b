package gradlab.optim;

import gradlab.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov &amp; Hutter, 2019), exactly as PyTorch's {@code torch.optim.AdamW} (1.13): Adam with
 * <i>decoupled</i> weight decay. For each parameter w with gradient g, at step t = 1, 2, ...:
 *
 * <pre>
 *   g = -g                                 if maximize
 *   w = w - lr * weightDecay * w           decay the weight directly (not through g)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   vmax = max(vmax, v)                    if amsgrad, and then vmax is used for v below
 *   w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * <p><b>Why decoupled.</b> {@link Adam}'s weightDecay adds wd*w to g, so the decay is divided by sqrt(v) like
 * the gradient: weights with large gradients are barely decayed. AdamW shrinks every weight by the same factor
 * (1 - lr*wd) per step, which is what "weight decay" means for plain SGD. Note the default weightDecay is 1e-2,
 * not 0.
 *
 * <p>State per parameter: {@code "step"}, {@code "exp_avg"}, {@code "exp_avg_sq"} and, with amsgrad,
 * {@code "max_exp_avg_sq"}, as in Adam.
 */
public final class AdamW extends Optimizer {

    /** AdamW over one group of parameters. */
    public AdamW(List<? extends Tensor> params, AdamOptions options) {
        super(oneGroup(params), requireOptions(options, "AdamW").toMap());
    }

    /** AdamW with this learning rate and PyTorch's defaults (weightDecay 1e-2). */
    public AdamW(List<? extends Tensor> params, double lr) {
        this(params, options().lr(lr));
    }

    private AdamW(AdamOptions defaults, List<ParamGroup> groups) {
        super(groups, requireOptions(defaults, "AdamW").toMap());
    }

    /** AdamW over several groups; a group's options override {@code defaults}. */
    public static AdamW ofGroups(List<ParamGroup> groups, AdamOptions defaults) {
        return new AdamW(defaults, groups);
    }

    /** PyTorch's defaults: lr 1e-3, betas (0.9, 0.999), eps 1e-8, weightDecay 1e-2, amsgrad false. */
    public static AdamOptions options() {
        return new AdamOptions(1e-2);
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        AdamOptions.check(this, group, where);
    }

    @Override
    protected void update(Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
        // decoupled decay w = w - lr wd w, then exactly Adam's step with g untouched: one fused kernel call
        Adam.step(this, w, grad, group, state, true);
    }
}
