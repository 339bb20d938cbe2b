package gradlab.optim;

import gradlab.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Everything an optimizer needs to resume training exactly: PyTorch's {@code optimizer.state_dict()}.
 *
 * <ul>
 *   <li>{@code state}: per-parameter state, keyed by the parameter's position counting through all groups in order
 *       (0, 1, 2, ...), e.g. {@code {0: {"momentum_buffer": tensor}}} for SGD or {@code {"step", "exp_avg",
 *       "exp_avg_sq"}} for Adam. A parameter that has never been updated has no entry.</li>
 *   <li>{@code paramGroups}: one map per group holding its options ({@code lr}, {@code momentum}, ...) and, under
 *       {@code "params"}, the list of its parameters' positions.</li>
 * </ul>
 *
 * <p>Positions instead of tensors make the dict independent of the tensor objects: a new model and a new optimizer
 * built the same way load it. The tensors in a dict from {@link Optimizer#stateDict()} are copies.
 */
public record OptimizerStateDict(Map<Integer, Map<String, Tensor>> state, List<Map<String, Object>> paramGroups) {
}
