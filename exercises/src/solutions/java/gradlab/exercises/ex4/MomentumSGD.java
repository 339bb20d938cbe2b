package gradlab.exercises.ex4;

import gradlab.optim.Optimizer;
import gradlab.optim.ParamGroup;
import gradlab.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exercise 4.1: stochastic gradient descent with momentum, exactly as PyTorch's
 * {@code torch.optim.SGD(params, lr, momentum)} (no dampening, no Nesterov, no weight decay), as a part-4
 * {@link Optimizer}: {@code step()}, {@code zeroGrad()}, parameter groups and the skipping of parameters without a
 * gradient are the base class's; you write the update of one parameter.
 *
 * <p><b>Task.</b> Implement {@link #update}: change {@code w} in place. Keep the velocity in {@code state} under
 * {@code "momentum_buffer"} (PyTorch's name; the state map is empty on a parameter's first step).
 *
 * <p><b>Math.</b> With mu = momentum and g the gradient, at step t:
 * <pre>
 *   v = g                  at t = 1 (PyTorch starts the buffer at the first gradient, not at 0)
 *   v = mu * v + g         afterwards
 *   w = w - lr * v
 * </pre>
 * With mu = 0 this is plain gradient descent.
 *
 * <p><b>Hint.</b> {@code step()} already runs under no-grad. Update tensors in place: {@code v.mulInPlace(mu)},
 * {@code v.addInPlace(g)}, {@code w.addInPlace(v.mul(-lr))}; store a copy of g ({@code g.clone()}), never g itself,
 * since the gradient tensor is reused. Read options with {@code group.lr()} and {@code group.getDouble("momentum")}.
 */
public final class MomentumSGD extends Optimizer {

    /** SGD with momentum over {@code params}. */
    public MomentumSGD(List<? extends Tensor> params, double lr, double momentum) {
        super(oneGroup(params), options(lr, momentum));
    }

    private static Map<String, Object> options(double lr, double momentum) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("lr", lr);
        options.put("momentum", momentum);
        return options;
    }

    @Override
    protected void checkGroup(ParamGroup group, String where) {
        requireNonNegative(group, "lr", where);
        requireNonNegative(group, "momentum", where);
    }

    @Override
    protected void update(Tensor w, Tensor grad, ParamGroup group, Map<String, Tensor> state) {
        double lr = group.lr();
        double momentum = group.getDouble("momentum");
        Tensor v = state.get("momentum_buffer");
        if (v == null) {
            v = grad.clone();
            state.put("momentum_buffer", v);
        } else {
            v.mulInPlace(momentum).addInPlace(grad);
        }
        w.addInPlace(v.mul(-lr));
    }
}
