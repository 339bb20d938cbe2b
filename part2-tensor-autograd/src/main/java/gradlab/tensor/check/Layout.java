package gradlab.tensor.check;

/** How {@link TensorGradCheck} lays out the input tensors it feeds to the function under check. */
public enum Layout {
    /** Fresh row-major tensors. */
    CONTIGUOUS,
    /**
     * Transposed views: the values are stored with the dims reversed and the input is a permute of that buffer, so
     * its strides run backwards (rank 0 and 1 fall back to {@link #STRIDED}).
     */
    PERMUTED,
    /**
     * Every-other-element views into a bigger buffer with an offset: x = buffer[..., 1::2]. The gaps hold NaN, so
     * an op that ignores strides or offsets produces NaN instead of a plausible wrong answer.
     */
    STRIDED
}
