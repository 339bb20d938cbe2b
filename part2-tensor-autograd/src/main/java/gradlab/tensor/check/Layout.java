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
    STRIDED,
    /**
     * Every dim narrowed out of a NaN-padded buffer one element bigger on each side: x = buffer[1:-1, 1:-1, ...].
     * The last dim has stride 1 but rows are not adjacent and the offset is not 0 (rank 0: like {@link #STRIDED}).
     */
    NARROWED,
    /**
     * The last two dims swapped in storage: the buffer holds x.transpose(-1, -2) row-major and the input is its
     * transpose, so the innermost dim has the large stride (rank 0 and 1 fall back to {@link #STEPPED}).
     */
    TRANSPOSED,
    /**
     * Every dim sliced with step 2 from position 1 of a NaN-filled buffer: x = buffer[1::2, 1::2, ...], so no stride
     * is 1 and the offset is not 0.
     */
    STEPPED
}
