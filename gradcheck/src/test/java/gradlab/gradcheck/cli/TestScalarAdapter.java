package gradlab.gradcheck.cli;

import gradlab.gradcheck.Differentiable;

/**
 * An {@link OpAdapter} as a stage would write one: it knows classes that are not Differentiable (here
 * {@link Cube}, a scalar function with its derivative) and turns them into one. Registered for the tests in
 * src/test/resources/META-INF/services/gradlab.gradcheck.cli.OpAdapter.
 */
public final class TestScalarAdapter implements OpAdapter {

    /** f(x) = x^3 with f'(x) = 3x^2, or the wrong 2x^2 in {@link BrokenCube}. */
    public static class Cube {
        public double value(double x) {
            return x * x * x;
        }

        public double derivative(double x) {
            return 3 * x * x;
        }
    }

    /** The power rule's factor off: 2x^2 instead of 3x^2. */
    public static final class BrokenCube extends Cube {
        @Override
        public double derivative(double x) {
            return 2 * x * x;
        }
    }

    @Override
    public String describe() {
        return "test cubes (gradlab.gradcheck.cli.TestScalarAdapter.Cube)";
    }

    @Override
    public Adapted adapt(Class<?> type, int[][] shapes) {
        if (!Cube.class.isAssignableFrom(type)) {
            return null;
        }
        if (shapes.length > 1 || shapes.length == 1 && shapes[0].length != 0) {
            throw new IllegalArgumentException(type.getSimpleName() + " takes one scalar: --shape scalar, or no --shape");
        }
        Cube cube;
        try {
            cube = (Cube) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " needs a public no-argument constructor");
        }
        Differentiable f = Differentiable.of(in -> new double[] {cube.value(in[0][0])},
                (in, g) -> new double[][] {{g[0] * cube.derivative(in[0][0])}});
        return new Adapted(f, new int[][] {{}});
    }
}
