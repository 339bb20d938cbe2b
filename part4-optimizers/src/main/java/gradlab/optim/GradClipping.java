package gradlab.optim;

import gradlab.tensor.Tensor;
import java.util.List;

/**
 * Gradient clipping, PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}: call it
 * between {@code loss.backward()} and {@code optimizer.step()} to stop one huge gradient (an exploding RNN, a bad
 * batch) from throwing the parameters far away. Parameters whose grad is null are ignored.
 *
 * <p><b>By norm</b> rescales all gradients together, keeping their direction:
 *
 * <pre>
 *   total = || (||g_1||_p, ||g_2||_p, ...) ||_p      = (sum over every element of every grad of |x|^p)^(1/p)
 *                                                    (p = inf: the largest |x| of all grads)
 *   coef  = maxNorm / (total + 1e-6)
 *   g_i   = coef * g_i      for every i, only if coef &lt; 1
 * </pre>
 *
 * <p><b>By value</b> clamps each element to [-clipValue, clipValue], which changes the direction.
 */
public final class GradClipping {

    private GradClipping() {
    }

    /**
     * Scales the gradients of {@code params} so their total {@code normType}-norm is at most {@code maxNorm} (see the
     * class comment) and returns the total norm <em>before</em> clipping. {@code normType} is a p &gt; 0 or
     * {@code Double.POSITIVE_INFINITY}. A NaN or infinite total norm scales the gradients by it (to NaN), as
     * PyTorch does by default; use the overload with {@code errorIfNonfinite} to fail instead.
     */
    public static double clipGradNorm(List<? extends Tensor> params, double maxNorm, double normType) {
        return clipGradNorm(params, maxNorm, normType, false);
    }

    /** The 2-norm version: {@code clipGradNorm(params, maxNorm, 2)}. */
    public static double clipGradNorm(List<? extends Tensor> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, 2.0, false);
    }

    /** As {@link #clipGradNorm(List, double, double)}; with {@code errorIfNonfinite}, a NaN/inf total norm throws. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static double clipGradNorm(List<? extends Tensor> params, double maxNorm, double normType,
                                      boolean errorIfNonfinite) {
        checkParams("clipGradNorm", params);
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: maxNorm is " + maxNorm + "; it must be >= 0 (e.g. 1.0)");
        }
        if (!(normType > 0)) {
            throw new IllegalArgumentException("clipGradNorm: normType is " + normType + "; it must be a p > 0"
                    + " (2 for the Euclidean norm) or Double.POSITIVE_INFINITY for the max norm");
        }
        boolean inf = normType == Double.POSITIVE_INFINITY;
        double total = 0;
        boolean any = false;
        try (var noGrad = Tensor.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) {
                    continue;
                }
                any = true;
                double n = norm(g, normType);
                total = inf ? Math.max(total, n) : total + Math.pow(n, normType);
                if (Double.isNaN(n)) {
                    total = Double.NaN;
                }
            }
            if (!any) {
                return 0.0;
            }
            if (!inf) {
                total = normType == 2.0 ? Math.sqrt(total) : Math.pow(total, 1.0 / normType);
            }
            if (errorIfNonfinite && !Double.isFinite(total)) {
                throw new IllegalStateException("clipGradNorm: the total norm of order " + normType + " of the"
                        + " gradients is " + total + ", so they cannot be clipped; look for a NaN/inf in the loss,"
                        + " or pass errorIfNonfinite = false to scale them anyway");
            }
            double coef = maxNorm / (total + 1e-6);
            if (coef < 1 || Double.isNaN(coef)) {
                for (Tensor p : params) {
                    if (p.grad() != null) {
                        p.grad().mulInPlace(coef);
                    }
                }
            }
        }
        return total;
    }

    /** Clamps every gradient element of {@code params} to [-clipValue, clipValue], in place. */
    @SuppressWarnings("try") // the no-grad scope is only opened and closed
    public static void clipGradValue(List<? extends Tensor> params, double clipValue) {
        checkParams("clipGradValue", params);
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clipValue is " + clipValue + "; it must be >= 0"
                    + " (gradients are clamped to [-clipValue, clipValue])");
        }
        try (var noGrad = Tensor.noGrad()) {
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    g.copyFrom(g.clamp(-clipValue, clipValue));
                }
            }
        }
    }

    /** Refuses a null list or a null element before any gradient is changed. */
    private static void checkParams(String what, List<? extends Tensor> params) {
        if (params == null) {
            throw new IllegalArgumentException(what + ": params is null; pass the parameters whose gradients to clip,"
                    + " e.g. model.parameters()");
        }
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i) == null) {
                throw new IllegalArgumentException(what + ": params[" + i + "] is null; pass a list of tensors");
            }
        }
    }

    /** ||g||_p of one tensor: (sum |x|^p)^(1/p), or max |x| for p = inf. */
    private static double norm(Tensor g, double p) {
        if (g.numel() == 0) {
            return 0.0;
        }
        if (p == Double.POSITIVE_INFINITY) {
            return g.abs().max().item();
        }
        if (p == 2.0) {
            return Math.sqrt(g.mul(g).sum().item());
        }
        if (p == 1.0) {
            return g.abs().sum().item();
        }
        return Math.pow(g.abs().pow(p).sum().item(), 1.0 / p);
    }
}
