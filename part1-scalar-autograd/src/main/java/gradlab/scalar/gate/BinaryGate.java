package gradlab.scalar.gate;

/**
 * A gate z = f(x, y). {@link #forward(double, double)} caches x and y because the local gradients need them (for
 * z = x * y, dz/dx = y); {@link #backward(double)} returns {@code [dx, dy]}.
 */
public abstract class BinaryGate implements Gate {
    private double x;
    private double y;
    private boolean hasForward;
    private long forwardCount;

    /** Computes z = f(x, y) and caches x and y. A NaN input is an error: it would turn every gradient into NaN. */
    public final double forward(double x, double y) {
        if (Double.isNaN(x) || Double.isNaN(y)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward(" + x + ", " + y + ") got NaN;"
                    + " find the operation upstream that produced it (0/0, inf - inf, log of a negative number)");
        }
        double z = compute(x, y);
        this.x = x;
        this.y = y;
        this.hasForward = true;
        this.forwardCount++;
        return z;
    }

    /** Returns {@code [dL/dx, dL/dy]} for upstream gradient dz = dL/dz, using the cached x and y. */
    @Override
    public final double[] backward(double dz) {
        if (Double.isNaN(dz)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".backward(NaN): the upstream gradient dz"
                    + " is NaN, which would make every gradient NaN; find the operation downstream that produced it");
        }
        if (!hasForward) {
            throw new IllegalStateException(getClass().getSimpleName() + ".backward(" + dz + ") was called before"
                    + " forward: call forward(x, y) first, so the gate has the inputs its gradient depends on");
        }
        return gradients(x, y, dz);
    }

    @Override
    public final int arity() {
        return 2;
    }

    @Override
    public final long forwardCount() {
        return forwardCount;
    }

    @Override
    public final double forward(double... inputs) {
        if (inputs == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".forward(inputs): inputs is null; call "
                    + "forward(x, y) with two numbers");
        }
        if (inputs.length != 2) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " takes 2 inputs, got " + inputs.length
                    + "; call forward(x, y)");
        }
        return forward(inputs[0], inputs[1]);
    }

    /** The gate's function f(x, y). */
    protected abstract double compute(double x, double y);

    /** {@code [dz/dx * dz, dz/dy * dz]}: local gradients at (x, y) times the upstream gradient. */
    protected abstract double[] gradients(double x, double y, double dz);
}
