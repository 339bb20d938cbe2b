package gradlab.exercises.ex4;

import gradlab.optim.Optimizer;
import gradlab.optim.ParamGroup;
import gradlab.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exercise 4.2: Adam's step, exactly as PyTorch's {@code torch.optim.Adam(params, lr, betas, eps)} (no weight
 * decay, no AMSGrad), as a part-4 {@link Optimizer}.
 *
 * <p><b>Task.</b> Implement {@link #update}: change {@code w} in place, keeping in {@code state} (PyTorch's names)
 * the step count {@code "step"}, the running mean of the gradient {@code "exp_avg"} (m) and of its square
 * {@code "exp_avg_sq"} (v).
 *
 * <p><b>Math.</b> At step t = 1, 2, ... with gradient g (m and v start at zero):
 * <pre>
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   w = w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The factors 1 / (1 - beta^t) correct the bias of m and v towards their zero start: the first step moves every
 * coordinate by about lr, whatever the gradient's scale. Mind where eps goes: after the square root and the
 * correction, as PyTorch does (the tests compare with PyTorch's formula to 1e-12).
 *
 * <p><b>Hint.</b> On the first call {@code state} is empty: put {@code Tensor.zerosLike(w)} for m and v. The
 * protected helper {@code incrementStep(state)} counts the steps for you and returns t.
 */
public final class AdamOptimizer extends Optimizer {

    /** Adam over {@code params}. */
    public AdamOptimizer(List<? extends Tensor> params, double lr, double beta1, double beta2, double eps) {
        super(oneGroup(params), options(lr, beta1, beta2, eps));
    }

    private static Map<String, Object> options(double lr, double beta1, double beta2, double eps) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("lr", lr);
        options.put("beta1", beta1);
        options.put("beta2", beta2);
        options.put("eps", eps);
        return options;
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        requireNonNegative(group, "lr", where);
        requireNonNegative(group, "eps", where);
        requireInUnitInterval(group, "beta1", where);
        requireInUnitInterval(group, "beta2", where);
    }

    @Override
    protected void update(Tensor w, Tensor g, ParamGroup group, Map<String, Tensor> state) {
        throw new UnsupportedOperationException("TODO ex4.2: AdamOptimizer.update");
    }
}
