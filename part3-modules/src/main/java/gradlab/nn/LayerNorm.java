package gradlab.nn;

import gradlab.nn.functional.Normalization;
import gradlab.tensor.Shapes;
import gradlab.tensor.Tensor;
import java.util.Arrays;

/**
 * Layer normalisation over the last dims (PyTorch's {@code nn.LayerNorm}): each example is standardised over its
 * own features, y = (x - mu) / sqrt(var + eps) * weight + bias, with weight and bias of shape normalizedShape;
 * see {@link Normalization#layerNorm}. Unlike batch norm it behaves the same in training and eval mode and keeps
 * no running statistics.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final double eps;
    /** Initialised to 1 (null without elementwise affine). */
    private final Parameter weight;
    /** Initialised to 0 (null without elementwise affine). */
    private final Parameter bias;

    /** Normalises over the last dims, which must equal normalizedShape (e.g. {@code new LayerNorm(512)}). */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, Normalization.DEFAULT_EPS, true);
    }

    public LayerNorm(int[] normalizedShape, double eps, boolean elementwiseAffine) {
        if (normalizedShape == null || normalizedShape.length == 0
                || Arrays.stream(normalizedShape).anyMatch(d -> d < 1)) {
            throw new IllegalArgumentException("LayerNorm: normalizedShape must be a non-empty shape with positive"
                    + " sizes (the features of one example, e.g. [512]), got " + Arrays.toString(normalizedShape));
        }
        if (!(eps > 0) || eps == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("LayerNorm: eps must be a finite number > 0, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = elementwiseAffine ? new Parameter(Tensor.ones(normalizedShape)) : null;
        this.bias = elementwiseAffine ? new Parameter(Tensor.zeros(normalizedShape)) : null;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Tensor forward(Tensor input) {
        return Normalization.layerNorm(input, normalizedShape, weight, bias, eps);
    }

    @Override
    protected String extraRepr() {
        return Shapes.str(normalizedShape) + ", eps=" + eps + ", elementwiseAffine=" + (weight != null);
    }
}
