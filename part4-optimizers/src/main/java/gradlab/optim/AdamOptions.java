package gradlab.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options of {@link Adam} and {@link AdamW}, which share them all: the same names, meanings and defaults, except
 * weightDecay's default (Adam 0, an L2 penalty in the gradient; AdamW 1e-2, decoupled decay). Start from
 * {@link Adam#options()} or {@link AdamW#options()}:
 * <pre>{@code
 * new Adam(params, Adam.options().lr(1e-3).betas(0.9, 0.98).amsgrad(true));
 * new AdamW(params, AdamW.options().lr(1e-3).weightDecay(0.05));
 * }</pre>
 * Values are checked when the optimizer is built: lr, eps and weightDecay finite and &gt;= 0, each beta in [0, 1).
 */
public final class AdamOptions {
    private double lr = 1e-3;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private double weightDecay;
    private boolean amsgrad;
    private boolean maximize;

    /** PyTorch's defaults with this weightDecay (Adam's 0, AdamW's 1e-2). */
    AdamOptions(double weightDecay) {
        this.weightDecay = weightDecay;
    }

    /** Learning rate (default 1e-3). */
    public AdamOptions lr(double lr) {
        this.lr = lr;
        return this;
    }

    /** Decay rates of the running averages of g and g^2 (PyTorch's {@code betas}, default 0.9, 0.999). */
    public AdamOptions betas(double beta1, double beta2) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        return this;
    }

    /** Added to the denominator for numerical stability (default 1e-8). */
    public AdamOptions eps(double eps) {
        this.eps = eps;
        return this;
    }

    /** Weight decay: Adam adds wd * w to the gradient (default 0); AdamW decays w -= lr * wd * w (default 1e-2). */
    public AdamOptions weightDecay(double weightDecay) {
        this.weightDecay = weightDecay;
        return this;
    }

    /** Use the AMSGrad variant (default false). */
    public AdamOptions amsgrad(boolean amsgrad) {
        this.amsgrad = amsgrad;
        return this;
    }

    /** Maximize the objective (default false). */
    public AdamOptions maximize(boolean maximize) {
        this.maximize = maximize;
        return this;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weightDecay", weightDecay);
        m.put("amsgrad", amsgrad);
        m.put("maximize", maximize);
        return m;
    }

    /** The checks of Adam's and AdamW's groups: lr, eps, weightDecay &gt;= 0; beta1, beta2 in [0, 1). */
    static void check(Optimizer optimizer, ParamGroup group, String where) {
        optimizer.requireNonNegative(group, "lr", where);
        optimizer.requireNonNegative(group, "eps", where);
        optimizer.requireInUnitInterval(group, "beta1", where);
        optimizer.requireInUnitInterval(group, "beta2", where);
        optimizer.requireNonNegative(group, "weightDecay", where);
    }
}
