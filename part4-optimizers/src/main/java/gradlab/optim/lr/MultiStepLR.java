package gradlab.optim.lr;

import gradlab.optim.Optimizer;
import java.util.List;
import java.util.TreeMap;

/**
 * Multiplies the lr by {@code gamma} at each milestone epoch (PyTorch's {@code MultiStepLR}):
 * {@code lr(epoch) = baseLr * gamma^(number of milestones <= epoch)}. A milestone listed twice decays twice.
 * E.g. milestones [30, 80], gamma 0.1, baseLr 0.05: 0.05 until epoch 29, 0.005 for 30-79, 0.0005 from 80.
 */
public final class MultiStepLR extends LRScheduler {
    private final TreeMap<Integer, Integer> milestones = new TreeMap<>();
    private final double gamma;

    /** {@code milestones}: epochs at which to decay by {@code gamma}. */
    public MultiStepLR(Optimizer optimizer, List<Integer> milestones, double gamma) {
        super(optimizer);
        if (milestones == null || milestones.stream().anyMatch(m -> m == null || m < 0)) {
            throw new IllegalArgumentException("MultiStepLR: milestones is " + milestones + "; pass a list of epochs"
                    + " >= 0, e.g. List.of(30, 80)");
        }
        for (int m : milestones) {
            this.milestones.merge(m, 1, Integer::sum);        // PyTorch's Counter: a repeated milestone counts twice
        }
        this.gamma = checkGamma(gamma);
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        Integer count = milestones.get(lastEpoch());
        if (count != null) {
            for (int i = 0; i < lrs.length; i++) {
                lrs[i] *= Math.pow(gamma, count);
            }
        }
        return lrs;
    }
}
