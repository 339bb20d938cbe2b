package gradlab.mnist.data;

import gradlab.tensor.Tensor;

/**
 * One mini-batch: inputs x of shape [B, features] (pixels in [0, 1]), targets y of shape [B] (class indices, as
 * whole numbers), and which examples of the dataset they are.
 */
public record Batch(Tensor x, Tensor y, int[] indices) {
    public int size() {
        return indices.length;
    }
}
