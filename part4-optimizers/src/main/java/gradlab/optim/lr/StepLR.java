package gradlab.optim.lr;

import gradlab.optim.Optimizer;

/**
 * Multiplies the lr by {@code gamma} every {@code stepSize} epochs (PyTorch's {@code StepLR}):
 * {@code lr(epoch) = baseLr * gamma^floor(epoch / stepSize)}.
 * E.g. baseLr 0.1, stepSize 30, gamma 0.1: 0.1 for epochs 0-29, 0.01 for 30-59, 0.001 for 60-89, ...
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** {@code stepSize} &gt;= 1 epochs between decays; {@code gamma} the factor (PyTorch's default 0.1). */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: stepSize is " + stepSize + "; it must be >= 1 (epochs between"
                    + " decays)");
        }
        this.stepSize = stepSize;
        this.gamma = checkGamma(gamma);
        initialStep();
    }

    /** With PyTorch's default gamma = 0.1. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch() == 0 || lastEpoch() % stepSize != 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] *= gamma;
        }
        return lrs;
    }
}
