package gradlab.gradcheck.cli;

import gradlab.gradcheck.CheckMode;
import gradlab.gradcheck.Differentiable;
import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.GradCheckResult;
import gradlab.gradcheck.Input;
import gradlab.gradcheck.TwiceDifferentiable;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs gradcheck on an op class named on the command line, at seeded random inputs of the given shapes:
 * <pre>
 *   gradcheck gradlab.gradcheck.examples.MatMul --shape 2,3 --shape 3,4 --seed 7 --mode sparse --k 5
 * </pre>
 * The class implements {@link Differentiable} (and {@link TwiceDifferentiable} for {@code --gradgrad}) and has a
 * public constructor taking the shapes ({@code int[][]}) or a public no-argument constructor.
 * Exit code 0: the check passed; 1: it failed (the report says why); 2: the command or the op could not be used.
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, version = "gradcheck 0.1.0",
        description = "Checks the analytic gradient of OP_CLASS against central differences at random inputs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the check passed", "1:the check failed; the report says why",
            "2:bad usage, or the op could not be loaded or called"})
public final class GradCheckCli implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OP_CLASS",
            description = "Fully qualified name of a class implementing gradlab.gradcheck.Differentiable.")
    private String className;

    @Option(names = "--shape", required = true, paramLabel = "D1,D2,...", converter = ShapeConverter.class,
            description = "Shape of one input, e.g. 3,4 (repeat once per input, in order; 'scalar' for a scalar).")
    private List<int[]> shapes;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the inputs and of the check (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--mode", defaultValue = "full",
            description = "full, sparse or fast (default ${DEFAULT-VALUE}).")
    private CheckMode mode;

    @Option(names = "--k", defaultValue = "10", description = "Elements per input in sparse mode (default ${DEFAULT-VALUE}).")
    private int k;

    @Option(names = "--low", defaultValue = "-1", description = "Inputs are uniform in [low, high) (default ${DEFAULT-VALUE}).")
    private double low;

    @Option(names = "--high", defaultValue = "1", description = "Upper bound of the inputs (default ${DEFAULT-VALUE}).")
    private double high;

    @Option(names = "--eps", defaultValue = "1e-6", description = "Central-difference step h (default ${DEFAULT-VALUE}).")
    private double eps;

    @Option(names = "--atol", defaultValue = "1e-5", description = "Absolute tolerance (default ${DEFAULT-VALUE}).")
    private double atol;

    @Option(names = "--rtol", defaultValue = "1e-3", description = "Relative tolerance (default ${DEFAULT-VALUE}).")
    private double rtol;

    @Option(names = "--gradgrad", description = "Also run the second-order check (needs TwiceDifferentiable).")
    private boolean gradgrad;

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command with the given streams; returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new GradCheckCli()).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!(low < high)) {
            err.println("error: --low " + low + " must be below --high " + high);
            return 2;
        }
        try {
            int[][] shapeArray = shapes.toArray(new int[0][]);
            Differentiable op = instantiate(shapeArray);
            if (gradgrad && !(op instanceof TwiceDifferentiable)) {
                err.println("error: --gradgrad needs " + className + " to implement "
                        + TwiceDifferentiable.class.getName() + " (add doubleBackward)");
                return 2;
            }
            GradCheckOptions options = GradCheckOptions.defaults().seed(seed).eps(eps).atol(atol).rtol(rtol);
            options = switch (mode) {
                case FULL -> options.full();
                case SPARSE -> options.sparse(k);
                case FAST -> options.fast();
            };
            Random random = new Random(seed);
            Input[] inputs = new Input[shapeArray.length];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = Input.uniform("x" + i, random, low, high, shapeArray[i]);
            }
            GradCheckResult result = GradCheck.check(op, options, inputs);
            out.print(result.report());
            boolean passed = result.passed();
            if (gradgrad) {
                GradCheckResult second = GradCheck.gradgradcheck((TwiceDifferentiable) op, options, inputs);
                out.print(second.report());
                passed &= second.passed();
            }
            out.flush();
            return passed ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    /** Loads OP_CLASS and calls its (int[][] shapes) constructor, or its no-argument one. */
    private Differentiable instantiate(int[][] shapeArray) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class '" + className + "' is not on the classpath; give its fully"
                    + " qualified name, e.g. gradlab.gradcheck.examples.Sigmoid, and compile it first");
        }
        if (!Differentiable.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class '" + className + "' does not implement "
                    + Differentiable.class.getName());
        }
        try {
            try {
                Constructor<?> withShapes = type.getConstructor(int[][].class);
                return (Differentiable) withShapes.newInstance((Object) shapeArray);
            } catch (NoSuchMethodException e) {
                return (Differentiable) type.getConstructor().newInstance();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("class '" + className + "' needs a public constructor taking the"
                    + " shapes (int[][]) or a public no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("the constructor of '" + className + "' failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot instantiate '" + className + "': " + e);
        }
    }

    /** "3,4" to {3, 4}; "scalar" to {}. */
    static final class ShapeConverter implements CommandLine.ITypeConverter<int[]> {
        @Override
        public int[] convert(String value) {
            if (value.equalsIgnoreCase("scalar")) {
                return new int[0];
            }
            String[] parts = value.split(",");
            int[] shape = new int[parts.length];
            for (int d = 0; d < parts.length; d++) {
                try {
                    shape[d] = Integer.parseInt(parts[d].trim());
                } catch (NumberFormatException e) {
                    throw new CommandLine.TypeConversionException("'" + value + "' is not a shape; write the"
                            + " dimensions separated by commas, e.g. 3,4 (or 'scalar')");
                }
                if (shape[d] < 1) {
                    throw new CommandLine.TypeConversionException("'" + value + "' has a dimension below 1;"
                            + " every dimension must be >= 1, e.g. 3,4");
                }
            }
            return shape;
        }
    }
}
