package gradlab.gradcheck.cli;

import gradlab.gradcheck.Differentiable;

/**
 * Op classes the command line cannot use, one per way of failing, for {@code GradCheckApiFuzzTest}: each must
 * end in exit 2 with a message naming the class, never a stack trace.
 */
final class CliTestOps {
    private CliTestOps() {
    }

    /** A forward that recurses until the stack runs out (an Error, not an exception). */
    public static final class Recursing implements Differentiable {
        @Override
        public double[] forward(double[][] inputs) {
            return forward(inputs);
        }

        @Override
        public double[][] backward(double[][] inputs, double[] gradOutput) {
            return new double[][] {new double[inputs[0].length]};
        }
    }

    /** A forward that fails an assertion of its own (AssertionError, also an Error). */
    public static final class Asserting implements Differentiable {
        @Override
        public double[] forward(double[][] inputs) {
            throw new AssertionError("cache not warmed up");
        }

        @Override
        public double[][] backward(double[][] inputs, double[] gradOutput) {
            return new double[][] {new double[inputs[0].length]};
        }
    }

    /** A backward that returns null. */
    public static final class NullBackward implements Differentiable {
        @Override
        public double[] forward(double[][] inputs) {
            return inputs[0].clone();
        }

        @Override
        public double[][] backward(double[][] inputs, double[] gradOutput) {
            return null;
        }
    }

    /** Only a private constructor. */
    public static final class NoConstructor implements Differentiable {
        private NoConstructor() {
        }

        @Override
        public double[] forward(double[][] inputs) {
            return inputs[0].clone();
        }

        @Override
        public double[][] backward(double[][] inputs, double[] gradOutput) {
            return new double[][] {gradOutput.clone()};
        }
    }

    /** A constructor that throws. */
    public static final class ConstructorThrows implements Differentiable {
        public ConstructorThrows() {
            throw new IllegalStateException("weights file missing");
        }

        @Override
        public double[] forward(double[][] inputs) {
            return inputs[0].clone();
        }

        @Override
        public double[][] backward(double[][] inputs, double[] gradOutput) {
            return new double[][] {gradOutput.clone()};
        }
    }

    /** Abstract: cannot be instantiated. */
    public abstract static class Abstract implements Differentiable {
    }
}
