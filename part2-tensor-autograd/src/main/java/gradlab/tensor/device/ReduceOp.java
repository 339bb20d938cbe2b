package gradlab.tensor.device;

/** Reductions over the dims where the output has size 1 (see {@link Device#reduce}). */
public enum ReduceOp {
    SUM, MAX, MIN
}
