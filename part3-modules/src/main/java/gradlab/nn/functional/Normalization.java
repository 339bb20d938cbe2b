package gradlab.nn.functional;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch and layer normalisation (PyTorch's {@code F.batch_norm} and {@code F.layer_norm}). Both standardise, then
 * scale and shift with learned parameters:
 * <pre>
 *   y = (x - mu) / sqrt(var + eps) * weight + bias
 * </pre>
 * They differ in what mu and var are taken over: batch norm per channel over the batch (and length), layer norm
 * per example over its last dims.
 *
 * <p><b>Biased variance.</b> Normalisation divides by n (var = mean((x - mu)^2)), not n - 1; part 2's {@code var()}
 * is the unbiased one (as {@code torch.var}). Rather than adding an option to that op, {@link #biasedVar} composes
 * mean, sub and mul, so its gradient (including the path through mu) comes from the tape, and it reads exactly like
 * the formula. Batch norm's running variance, an estimate of the population variance, uses the unbiased
 * var * n / (n - 1), as PyTorch.
 *
 * <p>The gradient of batch norm w.r.t. x is not just weight / sqrt(var + eps): every x_i moves mu and var, which
 * moves every y_j of its channel. Autograd gets that coupling for free; the tests gradcheck it.
 */
public final class Normalization {
    /** PyTorch's default eps. */
    public static final double DEFAULT_EPS = 1e-5;
    /** PyTorch's default momentum for the running statistics. */
    public static final double DEFAULT_MOMENTUM = 0.1;

    private Normalization() {
    }

    /**
     * Batch normalisation of x of shape [N, C] or [N, C, L], per channel c.
     * <ul>
     *   <li>training (or no running statistics given): mu_c and var_c are the batch's mean and biased variance
     *       over N (and L); if running statistics are given they are updated in place, outside the graph:
     *       running = (1 - momentum) running + momentum * batch statistic, with the unbiased variance;</li>
     *   <li>eval: mu and var are runningMean and runningVar.</li>
     * </ul>
     *
     * @param runningMean [C] or null; updated in place in training
     * @param runningVar  [C] or null (both or neither)
     * @param weight      gamma, [C] or null (then 1)
     * @param bias        beta, [C] or null (then 0)
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
                                   boolean training, double momentum, double eps) {
        ArgumentChecks.tensor(x, "batchNorm", "x");
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException("batchNorm: expected input of shape [N, C] or [N, C, L], got "
                    + Shapes.str(x.shape()) + "; add a batch dim with unsqueeze(0) for a single example");
        }
        int channels = x.size(1);
        checkChannelShape("runningMean", runningMean, channels, x);
        checkChannelShape("runningVar", runningVar, channels, x);
        checkChannelShape("weight", weight, channels, x);
        checkChannelShape("bias", bias, channels, x);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: give both runningMean and runningVar or neither, got "
                    + (runningMean == null ? "only runningVar" : "only runningMean"));
        }
        // Reduce over every dim but the channel dim 1; stats of shape [C] are viewed as [1, C] or [1, C, 1].
        int[] dims = x.dim() == 2 ? new int[] {0} : new int[] {0, 2};
        int[] statShape = x.dim() == 2 ? new int[] {1, channels} : new int[] {1, channels, 1};
        boolean useBatchStats = training || runningMean == null;
        Tensor mean;
        Tensor var;
        if (useBatchStats) {
            int n = x.numel() / channels;
            if (training && n <= 1) {
                throw new IllegalArgumentException("batchNorm: expected more than 1 value per channel when training,"
                        + " got input of shape " + Shapes.str(x.shape()) + "; use a batch of at least 2, or eval()");
            }
            mean = x.mean(dims, true);
            var = biasedVar(x, dims);
            if (training && runningMean != null) {
                updateRunningStats(runningMean, runningVar, mean, var, n, momentum);
            }
        } else {
            mean = runningMean.reshape(statShape);
            var = runningVar.reshape(statShape);
        }
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight.reshape(statShape));
        }
        if (bias != null) {
            y = y.add(bias.reshape(statShape));
        }
        return y;
    }

    /** running = (1 - m) running + m * batch (variance: unbiased, var * n / (n - 1)); no gradient flows. */
    private static void updateRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVar,
                                           int n, double momentum) {
        try (var g = Tensor.noGrad()) {
            Tensor batchMean = mean.detach().reshape(-1).to(runningMean.dtype());
            Tensor unbiasedVar = biasedVar.detach().reshape(-1).mul((double) n / (n - 1)).to(runningVar.dtype());
            runningMean.copyFrom(runningMean.mul(1 - momentum).add(batchMean.mul(momentum)));
            runningVar.copyFrom(runningVar.mul(1 - momentum).add(unbiasedVar.mul(momentum)));
        }
    }

    /**
     * Layer normalisation over the last {@code normalizedShape.length} dims of x, which must equal normalizedShape:
     * each example (each index of the leading dims) is standardised over those dims with its own mean and biased
     * variance, then scaled by weight and shifted by bias (both of shape normalizedShape, or null).
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        ArgumentChecks.tensor(x, "layerNorm", "x");
        ArgumentChecks.notNull(normalizedShape, "layerNorm", "normalizedShape", "a shape, e.g. new int[] {3, 4}");
        int k = normalizedShape.length;
        boolean fits = k >= 1 && x.dim() >= k && Arrays.equals(
                Arrays.copyOfRange(x.shape(), x.dim() - k, x.dim()), normalizedShape);
        if (!fits) {
            throw new IllegalArgumentException("layerNorm: the input's last dims must equal normalizedShape "
                    + Shapes.str(normalizedShape) + ", got input of shape " + Shapes.str(x.shape())
                    + "; normalizedShape is the shape of one example's features, e.g. [" + lastOr(x) + "] for "
                    + Shapes.str(x.shape()));
        }
        for (String name : new String[] {"weight", "bias"}) {
            Tensor t = name.equals("weight") ? weight : bias;
            if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
                throw new IllegalArgumentException("layerNorm: " + name + " must have normalizedShape "
                        + Shapes.str(normalizedShape) + ", got " + Shapes.str(t.shape()));
            }
        }
        int[] dims = new int[k];
        for (int i = 0; i < k; i++) {
            dims[i] = x.dim() - k + i;
        }
        Tensor mean = x.mean(dims, true);
        Tensor var = biasedVar(x, dims);
        Tensor y = x.sub(mean).div(var.add(eps).sqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        if (bias != null) {
            y = y.add(bias);
        }
        return y;
    }

    /** The biased variance mean((x - mean(x))^2) over dims, kept as size-1 dims (divides by n, not n - 1). */
    public static Tensor biasedVar(Tensor x, int[] dims) {
        ArgumentChecks.tensor(x, "biasedVar", "x");
        ArgumentChecks.notNull(dims, "biasedVar", "dims", "the dims to reduce, e.g. new int[] {0}");
        Tensor centered = x.sub(x.mean(dims, true));
        return centered.mul(centered).mean(dims, true);
    }

    private static String lastOr(Tensor x) {
        return x.dim() == 0 ? "1" : String.valueOf(x.size(x.dim() - 1));
    }

    private static void checkChannelShape(String name, Tensor t, int channels, Tensor x) {
        if (t != null && !(t.dim() == 1 && t.size(0) == channels)) {
            throw new IllegalArgumentException("batchNorm: " + name + " must have shape [C] = [" + channels
                    + "] (C = input.size(1) of input " + Shapes.str(x.shape()) + "), got " + Shapes.str(t.shape())
                    + "; the number of features given to BatchNorm1d must equal the input's channel dim");
        }
    }
}
