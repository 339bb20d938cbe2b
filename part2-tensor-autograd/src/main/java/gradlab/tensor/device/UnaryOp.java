package gradlab.tensor.device;

/**
 * Elementwise maps y = f(x) (some take one parameter p). A {@link Device} implements each one as a tight loop.
 *
 * <p>To add a primitive: add a constant here and a case in every device's unary kernel
 * ({@link CpuDevice#unary}). Most new ops need no new primitive: they compose existing ones.
 */
public enum UnaryOp {
    /** y = -x */
    NEG,
    /** y = e^x */
    EXP,
    /** y = ln x (NaN for x &lt; 0, -inf at 0, as IEEE) */
    LOG,
    /** y = sqrt x */
    SQRT,
    /** y = |x| */
    ABS,
    /** y = sign(x) in {-1, 0, 1} */
    SIGN,
    /** y = tanh x */
    TANH,
    /** y = erf x (the error function) */
    ERF,
    /** y = 1 / (1 + e^-x) */
    SIGMOID,
    /** y = max(x, 0) */
    RELU,
    /** y = x if x &gt; 0 else p*x */
    LEAKY_RELU,
    /** y = max(x, p) (NaN stays NaN) */
    CLAMP_MIN,
    /** y = min(x, p) (NaN stays NaN) */
    CLAMP_MAX,
    /** y = x^p */
    POW_SCALAR,
    /** y = x + p */
    ADD_SCALAR,
    /** y = x * p */
    MUL_SCALAR
}
