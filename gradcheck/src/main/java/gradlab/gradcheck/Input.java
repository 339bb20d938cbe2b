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
        if (shape == null) {
            throw new IllegalArgumentException("Input '" + name + "': shape is null; pass the dimensions, e.g."
                    + " new int[] {2, 3}, or new int[0] for a scalar");
        }
        if (values == null) {
            throw new IllegalArgumentException("Input '" + name + "': values is null; pass one value per element of"
                    + " shape " + Arrays.toString(shape) + " in row-major order");
        }
        int n = elementCount(name, shape);
        if (n != values.length) {
            throw new IllegalArgumentException("Input '" + name + "': shape " + Arrays.toString(shape) + " holds " + n
                    + " values but " + values.length + " were given; pass exactly one value per element");
        }
        return new Input(name, shape, values);
    }

    /** The number of elements of {@code shape}: every dimension >= 0, the product at most 2^31 - 1 (checked). */
    private static int elementCount(String name, int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Input '" + name + "': shape " + Arrays.toString(shape)
                        + " has a negative dimension; every dimension must be >= 0");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Input '" + name + "': shape " + Arrays.toString(shape) + " has"
                        + " more than 2^31 - 1 elements; gradcheck compares every element in double precision: use"
                        + " small shapes (a bug shows at 2,3 as well as at 2000,3000)");
            }
        }
        return (int) n;
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
        if (random == null) {
            throw new IllegalArgumentException("Input.uniform('" + name + "'): random is null; pass a seeded"
                    + " generator, e.g. new Random(1), so the check replays");
        }
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            throw new IllegalArgumentException("Input.uniform('" + name + "'): the range [low, high) = [" + low + ", "
                    + high + ") is not a finite, non-empty interval; pass finite low < high, e.g. -1, 1");
        }
        if (shape == null) {
            throw new IllegalArgumentException("Input.uniform('" + name + "'): shape is null; pass the dimensions,"
                    + " e.g. 2, 3 (none for a scalar)");
        }
        double[] v = new double[elementCount(name, shape)];
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
