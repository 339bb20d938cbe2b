package gradlab.nn;

import gradlab.nn.functional.Normalization;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;

/**
 * Batch normalisation over [N, C] or [N, C, L] input (PyTorch's {@code nn.BatchNorm1d}): per channel c,
 * y = (x - mu_c) / sqrt(var_c + eps) * weight_c + bias_c; see {@link Normalization#batchNorm}.
 * <ul>
 *   <li>training mode: mu and var are the batch's (biased variance); each forward updates the buffers
 *       {@code running_mean} and {@code running_var} (unbiased variance) with {@code momentum}, and counts
 *       {@code num_batches_tracked};</li>
 *   <li>eval mode: the running statistics are used, so one example's output does not depend on the others'.</li>
 * </ul>
 * State dict keys are PyTorch's: {@code weight, bias, running_mean, running_var, num_batches_tracked}
 * ({@code num_batches_tracked} is a float64 scalar here, an int64 in PyTorch: part 2 has no integer dtype).
 */
public final class BatchNorm1d extends Module {
    private final int numFeatures;
    private final double eps;
    private final double momentum;
    private final boolean trackRunningStats;
    /** gamma, initialised to 1 (null without affine). */
    private final Parameter weight;
    /** beta, initialised to 0 (null without affine). */
    private final Parameter bias;

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, Normalization.DEFAULT_EPS, Normalization.DEFAULT_MOMENTUM, true, true);
    }

    public BatchNorm1d(int numFeatures, double eps, double momentum, boolean affine, boolean trackRunningStats) {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("BatchNorm1d: numFeatures must be >= 1 (the C of [N, C] input), got "
                    + numFeatures);
        }
        if (!(eps > 0) || eps == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("BatchNorm1d: eps must be a finite number > 0 (it keeps 1/sqrt(var + eps) finite), got "
                    + eps);
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: momentum must be in [0, 1], got " + momentum
                    + " (0.1 is PyTorch's default)");
        }
        this.numFeatures = numFeatures;
        this.eps = eps;
        this.momentum = momentum;
        this.trackRunningStats = trackRunningStats;
        this.weight = affine ? new Parameter(Tensor.ones(numFeatures)) : null;
        this.bias = affine ? new Parameter(Tensor.zeros(numFeatures)) : null;
        if (trackRunningStats) {
            registerBuffer("running_mean", Tensor.zeros(numFeatures));
            registerBuffer("running_var", Tensor.ones(numFeatures));
            registerBuffer("num_batches_tracked", Tensor.scalar(0));
        }
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    /** The running mean buffer (null when not tracking running statistics). */
    public Tensor runningMean() {
        return trackRunningStats ? buffer("running_mean") : null;
    }

    /** The running (unbiased) variance buffer (null when not tracking running statistics). */
    public Tensor runningVar() {
        return trackRunningStats ? buffer("running_var") : null;
    }

    @Override
    public Tensor forward(Tensor input) {
        if (input == null || (input.dim() != 2 && input.dim() != 3)) {
            throw new IllegalArgumentException("BatchNorm1d.forward: expected an input of shape [N, " + numFeatures
                    + "] or [N, " + numFeatures + ", L], got " + (input == null ? "null" : "shape "
                    + Shapes.str(input.shape())));
        }
        if (input.size(1) != numFeatures) {
            throw new IllegalArgumentException("BatchNorm1d: expected input with " + numFeatures + " features (channel"
                    + " dim 1 of [N, C] or [N, C, L]), got input of shape " + Shapes.str(input.shape())
                    + "; construct BatchNorm1d(" + input.size(1) + ") or fix the previous layer's output size");
        }
        Tensor y = Normalization.batchNorm(input, runningMean(), runningVar(), weight, bias, isTraining(), momentum,
                eps);
        if (isTraining() && trackRunningStats) {
            try (var g = Tensor.noGrad()) {
                Tensor count = buffer("num_batches_tracked");
                count.copyFrom(count.add(1.0));
            }
        }
        return y;
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + eps + ", momentum=" + momentum + ", affine=" + (weight != null)
                + ", trackRunningStats=" + trackRunningStats;
    }
}
