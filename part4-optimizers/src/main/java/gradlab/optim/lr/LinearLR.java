package gradlab.optim.lr;

import gradlab.optim.Optimizer;

/**
 * Linear warm-up (PyTorch's {@code LinearLR}): scales the base lr by a factor that moves linearly from
 * {@code startFactor} at epoch 0 to {@code endFactor} at epoch {@code totalIters}, and stays there:
 *
 * <pre>
 *   lr(epoch) = baseLr * (startFactor + (endFactor - startFactor) * min(epoch, totalIters) / totalIters)
 * </pre>
 *
 * <p>PyTorch computes it recursively (each step multiplies the current lr by the ratio of consecutive factors),
 * and so does this class. E.g. startFactor 0.25, totalIters 4, baseLr 0.1: 0.025, 0.04375, 0.0625, 0.08125, 0.1,
 * 0.1, ...
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /**
     * @param startFactor in (0, 1]: the factor at epoch 0 (PyTorch accepts 0, but then divides by 0 at epoch 1)
     * @param endFactor   in [0, 1]: the factor from epoch totalIters on
     * @param totalIters  &gt;= 0: epochs of the ramp
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: startFactor is " + startFactor + "; it must be in (0, 1]"
                    + " (the lr at epoch 0 is baseLr * startFactor)");
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: endFactor is " + endFactor + "; it must be in [0, 1]");
        }
        if (totalIters < 0) {
            throw new IllegalArgumentException("LinearLR: totalIters is " + totalIters + "; it must be >= 0");
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    /** PyTorch's defaults: startFactor 1/3, endFactor 1, totalIters 5. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        int e = lastEpoch();
        for (int i = 0; i < lrs.length; i++) {
            if (e == 0) {
                lrs[i] *= startFactor;
            } else if (e <= totalIters) {
                lrs[i] *= 1.0 + (endFactor - startFactor)
                        / (totalIters * startFactor + (e - 1) * (endFactor - startFactor));
            }
        }
        return lrs;
    }
}
