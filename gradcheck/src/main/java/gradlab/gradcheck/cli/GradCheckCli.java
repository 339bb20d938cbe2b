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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.ServiceLoader;
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
 * public constructor taking the shapes ({@code int[][]}) or a public no-argument constructor; or an
 * {@link OpAdapter} on the classpath knows it (part 1 registers one for its gates).
 * Exit code 0: the check passed; 1: it failed (the report says why); 2: the command or the op could not be used
 * (a message, never a stack trace).
 */
@Command(name = "gradcheck", mixinStandardHelpOptions = true, version = "gradcheck 0.1.0",
        description = "Checks the analytic gradient of OP_CLASS against central differences at random inputs.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the check passed", "1:the check failed; the report says why",
            "2:bad usage, or the op could not be loaded or called (a message on stderr)"})
public final class GradCheckCli implements Callable<Integer> {

    @Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OP_CLASS",
            description = "Fully qualified name of a class implementing gradlab.gradcheck.Differentiable, or of a"
                    + " class an adapter knows (e.g. a part 1 gate: gradlab.scalar.gate.TanhGate).")
    private String className;

    @Option(names = "--shape", paramLabel = "D1,D2,...", converter = ShapeConverter.class,
            description = "Shape of one input, e.g. 3,4 (repeat once per input, in order; 'scalar' for a scalar)."
                    + " Optional for ops whose inputs are known, such as gates (one scalar each).")
    private List<int[]> shapes = new ArrayList<>();

    /** Inputs with more elements than this are refused: the full Jacobian alone would not fit in memory. */
    static final long MAX_ELEMENTS = 50_000_000L;

    private String[] arguments = new String[0];

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
        GradCheckCli command = new GradCheckCli();
        command.arguments = args.clone();
        CommandLine cli = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String badOption = checkOptions();
        if (badOption != null) {
            err.println("error: " + badOption);
            return 2;
        }
        try {
            OpAdapter.Adapted adapted = load(shapes.toArray(new int[0][]));
            Differentiable op = adapted.function();
            int[][] shapeArray = adapted.shapes();
            if (gradgrad && !(op instanceof TwiceDifferentiable)) {
                err.println("error: --gradgrad needs " + className + " to implement "
                        + TwiceDifferentiable.class.getName() + " (add doubleBackward)");
                return 2;
            }
            GradCheckOptions options = GradCheckOptions.defaults().seed(seed).eps(eps).atol(atol).rtol(rtol)
                    .commandLine("rerun with the arguments " + String.join(" ", quoted(arguments)));
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
            // the checker refused the op's results (null, NaN, wrong lengths), or the op refused its shapes
            String message = String.valueOf(e.getMessage());
            String simpleName = className.substring(Math.max(className.lastIndexOf('.'),
                    className.lastIndexOf('$')) + 1);
            err.println("error: " + (message.contains(simpleName) ? message : className + ": " + message));
            return 2;
        } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
            // The op itself threw (a domain check, an index error, endless recursion, a failed assertion in its
            // code): it cannot be called at these inputs.
            out.flush();
            String what = e instanceof StackOverflowError ? "StackOverflowError (endless recursion)"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            err.println("error: " + className + " threw " + what
                    + (e.getStackTrace().length > 0 ? " (at " + e.getStackTrace()[0] + ")" : "")
                    + "; check its code, or move the inputs into its domain with --low and --high");
            return 2;
        }
    }

    /** The first bad option value, as a message naming its flag, or null: checked before anything runs. */
    private String checkOptions() {
        if (!Double.isFinite(low) || !Double.isFinite(high) || !(low < high)) {
            return "--low " + low + " and --high " + high + " must be finite numbers with --low below --high;"
                    + " e.g. --low -1 --high 1";
        }
        if (!(eps > 0) || Double.isInfinite(eps)) {
            return "--eps " + eps + " must be a positive finite number; e.g. --eps 1e-6";
        }
        if (!(atol >= 0) || Double.isInfinite(atol)) {
            return "--atol " + atol + " must be a finite number >= 0; e.g. --atol 1e-5";
        }
        if (!(rtol >= 0) || Double.isInfinite(rtol)) {
            return "--rtol " + rtol + " must be a finite number >= 0; e.g. --rtol 1e-3";
        }
        if (mode == CheckMode.SPARSE && k < 1) {
            return "--k " + k + " must be at least 1 (elements checked per input in sparse mode); e.g. --k 10";
        }
        return null;
    }

    /** OP_CLASS as a function to check, with its input shapes: directly if it is Differentiable, else by an adapter. */
    private OpAdapter.Adapted load(int[][] given) {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class '" + className + "' is not on the classpath; give its fully"
                    + " qualified name, e.g. gradlab.gradcheck.examples.Sigmoid, and compile it first");
        } catch (ExceptionInInitializerError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalArgumentException("class '" + className + "' cannot be loaded: its static initialiser"
                    + " threw " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        } catch (LinkageError e) {
            // loaded before in this JVM, the failed initialiser is "Could not initialize class"; JDK 17 keeps its cause
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof ExceptionInInitializerError) {
                    throw new IllegalArgumentException("class '" + className + "' cannot be loaded: its static"
                            + " initialiser threw " + c.getMessage());
                }
            }
            throw new IllegalArgumentException("class '" + className + "' cannot be loaded: " + e
                    + "; recompile it (and what it uses) with this JDK");
        }
        for (int[] shape : given) {
            long n = 1;
            for (int d : shape) {
                n *= d;
                if (n > MAX_ELEMENTS) {
                    throw new IllegalArgumentException("--shape " + ShapeConverter.format(shape) + " has more than "
                            + MAX_ELEMENTS + " elements; gradcheck compares every element in double precision:"
                            + " use small shapes (a bug shows at 2,3 as well as at 2000,3000)");
                }
            }
        }
        if (Differentiable.class.isAssignableFrom(type)) {
            if (given.length == 0) {
                throw new IllegalArgumentException("give the shape of every input of " + className + " with"
                        + " --shape, once per input in order, e.g. --shape 2,3 --shape 3,4 ('scalar' for a scalar)");
            }
            return new OpAdapter.Adapted(instantiate(type, given), given);
        }
        List<String> known = new ArrayList<>();
        for (OpAdapter adapter : ServiceLoader.load(OpAdapter.class)) {
            OpAdapter.Adapted adapted = adapter.adapt(type, given);
            if (adapted != null) {
                return adapted;
            }
            known.add(adapter.describe());
        }
        throw new IllegalArgumentException("class '" + className + "' does not implement "
                + Differentiable.class.getName() + (known.isEmpty() ? ", and no adapter is on the classpath"
                : ", and none of the adapters on the classpath knows it: " + String.join("; ", known)));
    }

    private static List<String> quoted(String[] args) {
        List<String> q = new ArrayList<>();
        for (String a : args) {
            q.add(a.isEmpty() || a.contains(" ") ? "'" + a + "'" : a);
        }
        return q;
    }

    /** Calls OP_CLASS's (int[][] shapes) constructor, or its no-argument one. */
    private Differentiable instantiate(Class<?> type, int[][] shapeArray) {
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
            String[] parts = value.split(",", -1);
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

        /** {3, 4} to "3,4"; {} to "scalar". */
        static String format(int[] shape) {
            if (shape.length == 0) {
                return "scalar";
            }
            StringBuilder s = new StringBuilder();
            for (int d = 0; d < shape.length; d++) {
                s.append(d == 0 ? "" : ",").append(shape[d]);
            }
            return s.toString();
        }
    }
}
