package gradlab.optim.lr;

import gradlab.optim.Optimizer;

/**
 * Multiplies the lr by {@code gamma} every epoch (PyTorch's {@code ExponentialLR}):
 * {@code lr(epoch) = baseLr * gamma^epoch}.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = checkGamma(gamma);
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch() == 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] *= gamma;
        }
        return lrs;
    }
}
