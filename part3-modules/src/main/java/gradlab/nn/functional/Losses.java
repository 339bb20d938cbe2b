package gradlab.nn.functional;

import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Loss functions (PyTorch's {@code F.mse_loss}, {@code F.l1_loss}, {@code F.cross_entropy}, {@code F.nll_loss},
 * {@code F.binary_cross_entropy_with_logits}). Each computes one loss per element (or per example) and then applies a
 * {@link Reduction} (default {@link Reduction#MEAN}).
 *
 * <p>Targets are not differentiated, except in mseLoss and l1Loss, where input and target play symmetric roles.
 * Class indices are float tensors holding whole numbers (part 2 has no integer dtype); they are checked.
 */
public final class Losses {
    /** PyTorch's default ignoreIndex: a target equal to it contributes nothing (and is not counted in the mean). */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    private Losses() {
    }

    // ------------------------------------------------------------------------------------------------ regression

    /** Mean squared error: l_i = (x_i - y_i)^2, then the mean. dl/dx = 2 (x - y) / n. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /** l_i = (x_i - y_i)^2, reduced. dl_i/dx_i = 2 (x_i - y_i) = -dl_i/dy_i. */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        ArgumentChecks.tensor(input, "mseLoss", "input");
        ArgumentChecks.tensor(target, "mseLoss", "target");
        ArgumentChecks.notNull(reduction, "mseLoss", "reduction", "Reduction.MEAN, SUM or NONE");
        checkSameShape("mseLoss", input, target);
        Tensor diff = input.sub(target);
        return reduction.apply(diff.mul(diff));
    }

    /** Mean absolute error: l_i = |x_i - y_i|, then the mean. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /** l_i = |x_i - y_i|, reduced. dl_i/dx_i = sign(x_i - y_i) (0 where they are equal, as PyTorch). */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        ArgumentChecks.tensor(input, "l1Loss", "input");
        ArgumentChecks.tensor(target, "l1Loss", "target");
        ArgumentChecks.notNull(reduction, "l1Loss", "reduction", "Reduction.MEAN, SUM or NONE");
        checkSameShape("l1Loss", input, target);
        return reduction.apply(input.sub(target).abs());
    }

    // ------------------------------------------------------------------------------------------------ classification

    /** {@link #crossEntropy(Tensor, Tensor, Tensor, int, Reduction)} with no class weights, mean over examples. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        return crossEntropy(logits, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor target, Reduction reduction) {
        return crossEntropy(logits, target, null, DEFAULT_IGNORE_INDEX, reduction);
    }

    /**
     * Cross-entropy of raw scores (logits) against class indices:
     * <pre>
     *   l_n = -log softmax(x_n)[y_n] = -x_n[y_n] + log sum_c e^(x_n[c])
     *   dl_n / dx_n = softmax(x_n) - onehot(y_n)
     * </pre>
     * computed as {@code nllLoss(logSoftmax(x, 1), y)}: logSoftmax subtracts the log-sum-exp stably, so logits
     * of 1000 do not overflow (softmax then log would give log(0) = -inf).
     *
     * @param logits [N, C], or [N, C, d1, ...] for a class per position, or [C] for one example
     * @param target class indices: [N], or [N, d1, ...], or [] (whole numbers in [0, C), or ignoreIndex)
     * @param weight per-class weights [C] (not differentiated), or null
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, Tensor weight, int ignoreIndex,
                                      Reduction reduction) {
        ArgumentChecks.tensor(logits, "crossEntropy", "logits");
        ArgumentChecks.tensor(target, "crossEntropy", "target");
        ArgumentChecks.notNull(reduction, "crossEntropy", "reduction", "Reduction.MEAN, SUM or NONE");
        checkClassTarget("crossEntropy", logits, target, ignoreIndex);
        return nll(logits.logSoftmax(logits.dim() == 1 ? 0 : 1), target, weight, ignoreIndex, reduction);
    }

    /** {@link #nllLoss(Tensor, Tensor, Tensor, int, Reduction)} with no class weights, mean over examples. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target) {
        return nllLoss(logProbs, target, null, DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    public static Tensor nllLoss(Tensor logProbs, Tensor target, Reduction reduction) {
        return nllLoss(logProbs, target, null, DEFAULT_IGNORE_INDEX, reduction);
    }

    /**
     * Negative log-likelihood of log-probabilities (e.g. the output of logSoftmax) at the target classes:
     * <pre>
     *   l_n = -w[y_n] x_n[y_n]          (w = 1 without weights; 0 where y_n = ignoreIndex)
     *   mean = sum_n l_n / sum_n w[y_n]  (a weighted mean, as PyTorch)
     *   dl_n / dx_n[c] = -w[y_n] if c = y_n, else 0
     * </pre>
     * Shapes as for {@link #crossEntropy(Tensor, Tensor, Tensor, int, Reduction)}.
     */
    public static Tensor nllLoss(Tensor logProbs, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        ArgumentChecks.tensor(logProbs, "nllLoss", "logProbs");
        ArgumentChecks.tensor(target, "nllLoss", "target");
        ArgumentChecks.notNull(reduction, "nllLoss", "reduction", "Reduction.MEAN, SUM or NONE");
        checkClassTarget("nllLoss", logProbs, target, ignoreIndex);
        return nll(logProbs, target, weight, ignoreIndex, reduction);
    }

    private static Tensor nll(Tensor logProbs, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        boolean unbatched = logProbs.dim() == 1;
        Tensor x = unbatched ? logProbs.unsqueeze(0) : logProbs;
        Tensor y = (unbatched ? target.reshape(1) : target).detach();
        int classes = x.size(1);
        if (weight != null && !(weight.dim() == 1 && weight.size(0) == classes)) {
            throw new IllegalArgumentException("nllLoss: weight must have shape [C] = [" + classes + "], one weight"
                    + " per class, got " + Shapes.str(weight.shape()));
        }
        Tensor kept = y.eq((double) ignoreIndex).rsub(1.0);                   // 1 where counted, 0 where ignored
        Tensor safeY = y.mul(kept);                                           // ignored targets point at class 0
        Tensor picked = x.gather(1, safeY.unsqueeze(1)).squeeze(1);           // x_n[y_n], shape of y
        Tensor w = weight == null ? kept
                : weight.detach().to(x.dtype()).indexSelect(0, safeY.reshape(-1)).reshape(y.shape()).mul(kept);
        Tensor losses = picked.mul(w.to(x.dtype())).neg();
        Tensor out = switch (reduction) {
            case NONE -> losses;
            case SUM -> losses.sum();
            case MEAN -> losses.sum().div(w.sum().to(x.dtype()));
        };
        return unbatched && reduction == Reduction.NONE ? out.reshape() : out;
    }

    /** {@link #binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Reduction)} without posWeight, mean. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target) {
        return binaryCrossEntropyWithLogits(logits, target, null, Reduction.MEAN);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Reduction reduction) {
        return binaryCrossEntropyWithLogits(logits, target, null, reduction);
    }

    /**
     * Binary cross-entropy of logits x against targets y in [0, 1] (sigmoid + BCE in one stable step):
     * <pre>
     *   l = -[p y log s(x) + (1 - y) log(1 - s(x))]       p = posWeight (1 if null)
     *     = (1 - y) x + (1 + (p - 1) y) softplus(-x)       since log s(x) = -softplus(-x), log(1 - s(x)) = -x - softplus(-x)
     *   dl/dx = (1 + (p - 1) y) s(x) - p y                 = s(x) - y without posWeight
     * </pre>
     * Without posWeight this is the familiar max(x, 0) - x y + log(1 + e^-|x|). softplus(z) = log(1 + e^z) is
     * computed as log(e^0 + e^z) with the stable log-sum-exp, so large |x| neither overflows nor loses the gradient,
     * and the derivative is exact even at x = 0 (where max and |x| have kinks).
     *
     * @param posWeight weight of the positive term, broadcast against the target (e.g. one per class [C]), or null
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor target, Tensor posWeight,
                                                      Reduction reduction) {
        ArgumentChecks.tensor(logits, "binaryCrossEntropyWithLogits", "logits");
        ArgumentChecks.tensor(target, "binaryCrossEntropyWithLogits", "target");
        ArgumentChecks.notNull(reduction, "binaryCrossEntropyWithLogits", "reduction",
                "Reduction.MEAN, SUM or NONE");
        checkSameShape("binaryCrossEntropyWithLogits", logits, target);
        if (posWeight != null) {
            checkPosWeight(posWeight, target);
        }
        Tensor y = target.detach().to(logits.dtype());
        Tensor softplusOfMinusX = Tensor.stack(List.of(Tensor.zerosLike(logits), logits.neg()), 0)
                .logSumExp(0, false);
        // the weight of softplus(-x): 1 + (p - 1) y, or 1 without posWeight
        Tensor softplusWeight = posWeight == null ? null
                : y.mul(posWeight.detach().to(logits.dtype()).sub(1.0)).add(1.0);
        Tensor weightedSoftplus = softplusWeight == null ? softplusOfMinusX : softplusOfMinusX.mul(softplusWeight);
        return reduction.apply(y.rsub(1.0).mul(logits).add(weightedSoftplus));
    }

    // ------------------------------------------------------------------------------------------------ checks

    private static void checkSameShape(String loss, Tensor input, Tensor target) {
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": input and target must have the same shape, got input "
                    + Shapes.str(input.shape()) + " and target " + Shapes.str(target.shape())
                    + "; broadcasting them would silently compare every input with every target (the [N, 1] vs [N]"
                    + " bug): reshape one to match, e.g. input.reshape(" + Shapes.str(target.shape())
                    .replace("[", "").replace("]", "") + ")");
        }
    }

    /**
     * posWeight must broadcast to the target's shape without growing it (as PyTorch requires): else the per-element
     * losses would silently take posWeight's larger shape and the mean would be over the wrong count.
     */
    private static void checkPosWeight(Tensor posWeight, Tensor target) {
        boolean fits = posWeight.dim() <= target.dim();
        for (int i = 1; fits && i <= posWeight.dim(); i++) {
            int p = posWeight.size(posWeight.dim() - i);
            fits = p == 1 || p == target.size(target.dim() - i);
        }
        if (!fits) {
            throw new IllegalArgumentException("binaryCrossEntropyWithLogits: posWeight must broadcast to the target's"
                    + " shape " + Shapes.str(target.shape()) + ", got posWeight of shape "
                    + Shapes.str(posWeight.shape()) + "; give one weight per label (the target's last dim, e.g. ["
                    + (target.dim() == 0 ? 1 : target.size(target.dim() - 1)) + "]) or a scalar");
        }
    }

    /** target must be class indices of shape input.shape without dim 1, whole numbers in [0, C) or ignoreIndex. */
    private static void checkClassTarget(String loss, Tensor input, Tensor target, int ignoreIndex) {
        if (input.dim() == 0) {
            throw new IllegalArgumentException(loss + ": input must have shape [N, C] (or [C], or [N, C, d1, ...]),"
                    + " got a scalar; pass one score per class");
        }
        int classes = input.dim() == 1 ? input.size(0) : input.size(1);
        int[] expected = expectedTargetShape(input.shape());
        String form = "class indices in [0, " + classes + ")";
        if (!Arrays.equals(target.shape(), expected)) {
            String what = input.dim() == 1 ? "[] (a scalar)" : input.dim() == 2 ? "[N] = " + Shapes.str(expected)
                    : "[N, d1, ...] = " + Shapes.str(expected);
            String fix;
            if (Arrays.equals(target.shape(), input.shape())) {
                fix = "pass class indices, not one-hot rows (e.g. target.argmax(1, false))";
            } else if (input.dim() >= 2 && target.dim() >= 1 && target.size(0) != input.size(0)) {
                fix = "input and target batch sizes differ (" + input.size(0) + " vs " + target.size(0)
                        + "): pass one class index per example";
            } else {
                fix = "pass one class index per example (per position for [N, C, d1, ...] input)";
            }
            throw new IllegalArgumentException(loss + ": target must have shape " + what + " of " + form
                    + ", got shape " + Shapes.str(target.shape()) + "; " + fix);
        }
        double[] values = target.toDoubleArray();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (v == ignoreIndex) {
                continue;
            }
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(loss + ": target element " + i + " is " + v
                        + ", not a whole number; the target holds " + form
                        + " (for probabilities use binaryCrossEntropyWithLogits, or pick the class with argmax)");
            }
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException(loss + ": target element " + i + " is " + (long) v + ", out of range"
                        + " for " + classes + " classes; the target holds " + form
                        + (v == classes ? " (class indices count from 0)" : ""));
            }
        }
    }

    private static int[] expectedTargetShape(int[] input) {
        if (input.length == 1) {
            return new int[0];
        }
        int[] s = new int[input.length - 1];
        s[0] = input[0];
        System.arraycopy(input, 2, s, 1, input.length - 2);
        return s;
    }
}
