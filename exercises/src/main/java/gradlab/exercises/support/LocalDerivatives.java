package gradlab.exercises.support;

import gradlab.scalar.value.Value;
import java.util.List;

/**
 * Given to exercise 1.6: the local derivatives d out / d c_i of one {@link Value} with respect to each of its
 * {@link Value#children() children} c_i, in the children's order, read from the value's {@link Value#op() op}:
 * <pre>
 *   "+"        a + b          {1, 1}
 *   "*"        a * b          {b, a}
 *   "^p"       a^p            {p a^(p-1)}
 *   "exp"      e^a            {e^a}  (= out)
 *   "log"      ln a           {1 / a}
 *   "tanh"     tanh a         {1 - out^2}
 *   "sigmoid"  s(a)           {out (1 - out)}
 *   "relu"     max(0, a)      {1 if a &gt; 0 else 0}
 *   ""         a leaf         {}
 * </pre>
 * These are the same formulas as the backward steps inside {@link Value}; what the exercise asks of you is the
 * graph walk around them.
 */
public final class LocalDerivatives {
    private LocalDerivatives() {
    }

    /** d out / d child_i for every child of {@code out}; an empty array for a leaf. */
    public static double[] of(Value out) {
        List<Value> c = out.children();
        String op = out.op();
        double z = out.data();
        if (c.isEmpty()) {
            return new double[0];
        }
        switch (op) {
            case "+":
                return new double[] {1, 1};
            case "*":
                return new double[] {c.get(1).data(), c.get(0).data()};
            case "exp":
                return new double[] {z};
            case "log":
                return new double[] {1 / c.get(0).data()};
            case "tanh":
                return new double[] {1 - z * z};
            case "sigmoid":
                return new double[] {z * (1 - z)};
            case "relu":
                return new double[] {c.get(0).data() > 0 ? 1 : 0};
            default:
                if (op.startsWith("^")) {
                    double p = Double.parseDouble(op.substring(1));
                    return new double[] {p * Math.pow(c.get(0).data(), p - 1)};
                }
                throw new IllegalArgumentException("LocalDerivatives: unknown op '" + op + "' of " + out
                        + "; the known ops are +, *, ^p, exp, log, tanh, sigmoid and relu (Value's own operations)");
        }
    }
}
