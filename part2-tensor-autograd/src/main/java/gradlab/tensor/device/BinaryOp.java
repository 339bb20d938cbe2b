package gradlab.tensor.device;

/**
 * Elementwise maps z = f(x, y) on two operands that the caller has already broadcast to one shape. Comparisons
 * give 1.0 or 0.0 (a mask in the output dtype).
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** z = x^y */
    POW,
    /** z = max(x, y) (NaN if either is NaN) */
    MAXIMUM,
    /** z = min(x, y) (NaN if either is NaN) */
    MINIMUM,
    /** z = 1 if x == y else 0 */
    EQ,
    /** z = 1 if x &gt; y else 0 */
    GT,
    /** z = 1 if x &lt; y else 0 */
    LT,
    /** z = 1 if x &gt;= y else 0 */
    GE,
    /** z = 1 if x &lt;= y else 0 */
    LE
}
