package gradlab.optim.lr;

import gradlab.optim.Optimizer;
import java.util.List;

/**
 * Anneals the lr from its base value to {@code etaMin} along half a cosine over {@code tMax} epochs (PyTorch's
 * {@code CosineAnnealingLR}, SGDR without restarts):
 *
 * <pre>
 *   lr(epoch) = etaMin + (baseLr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2
 * </pre>
 *
 * <p>Like PyTorch, each step computes it recursively from the current lr, which gives the closed form above when
 * nothing else changes the lr:
 *
 * <pre>
 *   lr(e) = etaMin + (lr(e-1) - etaMin) * (1 + cos(pi e / tMax)) / (1 + cos(pi (e-1) / tMax))
 * </pre>
 *
 * <p>except at epochs e with (e - 1 - tMax) divisible by 2 tMax (the bottom, e = tMax + 1, 3 tMax + 1, ...), where
 * the ratio would be 0/0 and PyTorch adds {@code (baseLr - etaMin)(1 - cos(pi / tMax)) / 2} instead. Past tMax the
 * lr therefore rises again (a cosine wave with period 2 tMax), as in PyTorch.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** {@code tMax} &gt;= 1: epochs from the base lr to {@code etaMin}. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: tMax is " + tMax + "; it must be >= 1 (the number"
                    + " of epochs of half a cosine)");
        }
        if (!(etaMin >= 0) || etaMin == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("CosineAnnealingLR: etaMin is " + etaMin + "; it must be a finite"
                    + " number >= 0 (the lowest lr, 0 by default)");
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    /** With etaMin = 0. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        List<Double> base = baseLrs();
        int e = lastEpoch();
        if (e == 0) {
            return lrs;
        }
        for (int i = 0; i < lrs.length; i++) {
            if (stepCount() == 1 && e > 0) {
                lrs[i] = etaMin + (base.get(i) - etaMin) * (1 + Math.cos(e * Math.PI / tMax)) / 2;
            } else if ((e - 1 - tMax) % (2 * tMax) == 0) {
                lrs[i] = lrs[i] + (base.get(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * e / tMax)) / (1 + Math.cos(Math.PI * (e - 1) / tMax))
                        * (lrs[i] - etaMin) + etaMin;
            }
        }
        return lrs;
    }
}
