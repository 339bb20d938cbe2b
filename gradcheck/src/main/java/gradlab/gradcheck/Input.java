package gradlab.gradcheck;

import java.util.Arrays;
import java.util.Random;

/**
 * One input of a function under check: a name (used in reports), a shape and its values in row-major order.
 *
 * <p>A scalar has shape {@code []} and one value. The values are copied on the way in, so the checker can perturb
 * its own copy.
 */
public final class Input {
    private final String name;
    private final int[] shape;
    private final double[] values;

    private Input(String name, int[] shape, double[] values) {
        this.name = name;
        this.shape = shape.clone();
        this.values = values.clone();
    }

    /** An input with the given shape and row-major values; the number of values must equal the product of the shape. */
    public static Input of(String name, int[] shape, double... values) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Input name must be non-empty, e.g. Input.of(\"x\", shape, values)");
        }
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Input '" + name + "': shape " + Arrays.toString(shape)
                        + " has a negative dimension; every dimension must be >= 0");
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("Input '" + name + "': shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + values.length + " were given; pass exactly one value per element");
        }
        return new Input(name, shape, values);
    }

    /** A 1-D input of the given values (shape [values.length]). */
    public static Input vector(String name, double... values) {
        return of(name, new int[] {values.length}, values);
    }

    /** A scalar input (shape []). */
    public static Input scalar(String name, double value) {
        return of(name, new int[0], value);
    }

    /** An input of the given shape with values drawn uniformly from [low, high) by {@code random}. */
    public static Input uniform(String name, Random random, double low, double high, int... shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * random.nextDouble();
        }
        return of(name, shape, v);
    }

    public String name() {
        return name;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the values. */
    public double[] values() {
        return values.clone();
    }

    /** Number of elements. */
    public int size() {
        return values.length;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
