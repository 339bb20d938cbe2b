package gradlab.scalar.gate;

/**
 * A gate z = f(x). {@link #forward(double)} caches x and z (sigmoid's and tanh's derivatives are cheapest in terms
 * of their output); {@link #backward(double)} returns {@code [dx]}.
 */
public abstract class UnaryGate implements Gate {
    private double x;
    private double z;
    private boolean hasForward;
    private long forwardCount;

    /** Computes z = f(x) and caches x and z. A NaN input is an error: it would turn every gradient into NaN. */
    public final double forward(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward(NaN): the input is NaN; find the"
                    + " operation upstream that produced it (0/0, inf - inf, log of a negative number)");
        }
        double out = compute(x);
        this.x = x;
        this.z = out;
        this.hasForward = true;
        this.forwardCount++;
        return out;
    }

    /** Returns {@code [dL/dx]} for upstream gradient dz = dL/dz. */
    @Override
    public final double[] backward(double dz) {
        if (Double.isNaN(dz)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".backward(NaN): the upstream gradient dz"
                    + " is NaN, which would make every gradient NaN; find the operation downstream that produced it");
        }
        if (!hasForward) {
            throw new IllegalStateException(getClass().getSimpleName() + ".backward(" + dz + ") was called before"
                    + " forward: call forward(x) first, so the gate has the input its gradient depends on");
        }
        return new double[] {gradient(x, z, dz)};
    }

    @Override
    public final int arity() {
        return 1;
    }

    @Override
    public final long forwardCount() {
        return forwardCount;
    }

    @Override
    public final double forward(double... inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward(inputs): inputs is null; call "
                    + "forward(x) with one number");
        }
        if (inputs.length != 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes 1 input, got " + inputs.length
                    + "; call forward(x)");
        }
        return forward(inputs[0]);
    }

    /** The gate's function f(x). */
    protected abstract double compute(double x);

    /** dz/dx * dz, from the cached input x and output z. */
    protected abstract double gradient(double x, double z, double dz);
}
