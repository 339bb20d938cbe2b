package gradlab.gradcheck;

import static gradlab.testkit.ApiFuzz.badSize;
import static gradlab.testkit.ApiFuzz.negativeOrNonFinite;
import static gradlab.testkit.ApiFuzz.nonFinite;
import static gradlab.testkit.ApiFuzz.oneOf;

import gradlab.gradcheck.cli.GradCheckCli;
import gradlab.gradcheck.examples.ElementwiseProduct;
import gradlab.gradcheck.examples.MatMul;
import gradlab.gradcheck.examples.Sigmoid;
import gradlab.testkit.ApiFuzz;
import gradlab.testkit.ApiFuzz.Case;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The gradient checker's public API and its command line under seeded bad arguments (see {@link ApiFuzz}): inputs
 * ({@link Input}), options ({@link GradCheckOptions}), the entry points of {@link GradCheck} with bad arguments or
 * ops that break their contract, and {@code gradcheck} command lines with bad flags, values and op classes.
 * Every refusal is an IllegalArgumentException naming the argument (an Input's values are left as they were); every
 * bad command line exits 2 with one {@code error:} line on stderr naming the flag or class, never a stack trace.
 */
class GradCheckApiFuzzTest {
    static final long SEED = 13_2026L;
    /** Calls of the Java API: cheap, so many. */
    static final int API_CASES = 2500;
    /** Command lines: each builds picocli's model of the command (a few ms), so fewer. */
    static final int CLI_CASES = 300;

    @TestFactory
    Stream<DynamicTest> badArgumentsAreRefusedByName() {
        return ApiFuzz.tests(SEED, API_CASES, apiGenerators());
    }

    @TestFactory
    Stream<DynamicTest> badCommandLinesExitTwoNamingTheFlag() {
        return ApiFuzz.tests(SEED + 1, CLI_CASES, cliGenerators());
    }

    static Map<String, Function<Random, Case>> apiGenerators() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("Input.of", GradCheckApiFuzzTest::inputOf);
        g.put("Input.uniform", GradCheckApiFuzzTest::inputUniform);
        g.put("GradCheckOptions", GradCheckApiFuzzTest::options);
        g.put("GradCheck entry point", GradCheckApiFuzzTest::entryPoint);
        g.put("op breaking its contract", GradCheckApiFuzzTest::brokenOp);
        return g;
    }

    static Map<String, Function<Random, Case>> cliGenerators() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("gradcheck CLI option", GradCheckApiFuzzTest::cliOption);
        g.put("gradcheck CLI op class", GradCheckApiFuzzTest::cliOpClass);
        return g;
    }

    private static double[] values(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }

    private static Case inputOf(Random r) {
        int[] shape = ApiFuzz.shape(r, 3, 4);
        int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = values(r, n);
        return switch (r.nextInt(6)) {
            case 0 -> Case.on(() -> Arrays.toString(v), "null name", () -> Input.of(null, shape, v), "name");
            case 1 -> Case.on(() -> Arrays.toString(v), "blank name", () -> Input.of(oneOf(r, "", " ", "\t"), shape,
                    v), "name");
            case 2 -> Case.on(() -> Arrays.toString(v), "null shape", () -> Input.of("x", null, v), "shape");
            case 3 -> {
                int[] bad = Arrays.copyOf(shape, shape.length + 1);
                bad[r.nextInt(bad.length)] = -1 - r.nextInt(1000);
                yield Case.on(() -> Arrays.toString(v), "shape " + Arrays.toString(bad), () -> Input.of("x", bad, v),
                        Arrays.toString(bad));
            }
            case 4 -> {
                double[] wrong = values(r, n + 1 + r.nextInt(5));
                yield Case.on(() -> Arrays.toString(wrong), wrong.length + " values for " + Arrays.toString(shape),
                        () -> Input.of("x", shape, wrong), Arrays.toString(shape));
            }
            default -> Case.of("null values", () -> Input.of("x", shape, (double[]) null), "values");
        };
    }

    private static Case inputUniform(Random r) {
        int[] shape = ApiFuzz.shape(r, 2, 4);
        Random random = new Random(r.nextLong());
        return switch (r.nextInt(6)) {
            case 0 -> Case.of("null random", () -> Input.uniform("x", null, -1, 1, shape), "random");
            case 1 -> {
                double low = nonFinite(r);
                yield Case.of("low " + low, () -> Input.uniform("x", random, low, 1, shape), "low");
            }
            case 2 -> {
                double high = nonFinite(r);
                yield Case.of("high " + high, () -> Input.uniform("x", random, -1, high, shape), "high");
            }
            case 3 -> {
                double low = r.nextGaussian();
                double high = low - Math.abs(r.nextGaussian()) * (r.nextBoolean() ? 0 : 1);
                yield Case.of("low " + low + " >= high " + high, () -> Input.uniform("x", random, low, high, shape),
                        "low");
            }
            case 4 -> {
                int[] bad = Arrays.copyOf(shape, shape.length + 1);
                bad[r.nextInt(bad.length)] = -1 - r.nextInt(1000);
                yield Case.of("shape " + Arrays.toString(bad), () -> Input.uniform("x", random, -1, 1, bad),
                        Arrays.toString(bad));
            }
            default -> {
                int[] huge = {65536 + r.nextInt(100_000), 65536 + r.nextInt(100_000)};
                yield Case.of("shape " + Arrays.toString(huge), () -> Input.uniform("x", random, -1, 1, huge),
                        Arrays.toString(huge));
            }
        };
    }

    private static Case options(Random r) {
        GradCheckOptions o = GradCheckOptions.defaults().seed(r.nextLong());
        return switch (r.nextInt(6)) {
            case 0 -> {
                double eps = r.nextBoolean() ? nonFinite(r) : -Math.abs(r.nextGaussian()) * (r.nextBoolean() ? 0 : 1);
                yield Case.on(o::toString, "eps(" + eps + ")", () -> o.eps(eps), "eps");
            }
            case 1 -> {
                double atol = negativeOrNonFinite(r);
                yield Case.on(o::toString, "atol(" + atol + ")", () -> o.atol(atol), "atol");
            }
            case 2 -> {
                double rtol = negativeOrNonFinite(r);
                yield Case.on(o::toString, "rtol(" + rtol + ")", () -> o.rtol(rtol), "rtol");
            }
            case 3 -> {
                int k = badSize(r);
                yield Case.on(o::toString, "sparse(" + k + ")", () -> o.sparse(k), "k");
            }
            case 4 -> Case.on(o::toString, "label(null)", () -> o.label(null), "label");
            default -> {
                String command = oneOf(r, null, "", "  ");
                yield Case.on(o::toString, "commandLine(" + (command == null ? null : "'" + command + "'") + ")",
                        () -> o.commandLine(command), "commandLine");
            }
        };
    }

    /** One of the entry points, with its arguments. */
    private static void callEntry(int entry, Differentiable fn, GradCheckOptions options, Input... inputs) {
        switch (entry) {
            case 0 -> GradCheck.check(fn, options, inputs);
            case 1 -> GradCheck.assertCorrect(fn, options, inputs);
            case 2 -> GradCheck.gradgradcheck((TwiceDifferentiable) fn, options, inputs);
            default -> GradCheck.assertGradGradCorrect((TwiceDifferentiable) fn, options, inputs);
        }
    }

    private static final String[] ENTRIES = {"check", "assertCorrect", "gradgradcheck", "assertGradGradCorrect"};

    private static Case entryPoint(Random r) {
        int entry = r.nextInt(4);
        String name = ENTRIES[entry];
        TwiceDifferentiable op = r.nextBoolean() ? new Sigmoid() : new ElementwiseProduct();
        int arity = op.arity();
        int size = 1 + r.nextInt(4);
        Input[] good = new Input[arity];
        for (int i = 0; i < arity; i++) {
            good[i] = Input.uniform("x" + i, r, -1, 1, size);
        }
        GradCheckOptions options = GradCheckOptions.defaults().seed(r.nextLong());
        String state = Arrays.toString(Arrays.stream(good).map(in -> Arrays.toString(in.values())).toArray());
        return switch (r.nextInt(7)) {
            case 0 -> Case.of(name + "(null op)", () -> callEntry(entry, null, options, good), "function", "null");
            case 1 -> Case.on(() -> state, name + "(null options)", () -> callEntry(entry, op, null, good), "options");
            case 2 -> Case.of(name + "(null inputs)", () -> callEntry(entry, op, options, (Input[]) null), "inputs");
            case 3 -> Case.of(name + "(no inputs)", () -> callEntry(entry, op, options), "inputs");
            case 4 -> {
                Input[] withNull = good.clone();
                withNull[r.nextInt(arity)] = null;
                yield Case.of(name + "(a null input)", () -> callEntry(entry, op, options, withNull), "null");
            }
            case 5 -> {
                Input[] wrongCount = Arrays.copyOf(good, arity + 1 + r.nextInt(2));
                for (int i = arity; i < wrongCount.length; i++) {
                    wrongCount[i] = Input.uniform("x" + i, r, -1, 1, size);
                }
                yield Case.of(name + "(" + wrongCount.length + " inputs to an op of " + arity + ")",
                        () -> callEntry(entry, op, options, wrongCount), "takes " + arity + " input(s)");
            }
            default -> {
                double[] v = good[0].values();
                int j = r.nextInt(v.length);
                boolean huge = r.nextBoolean();
                v[j] = huge ? 1e12 * (r.nextBoolean() ? 1 : -1) : nonFinite(r);
                Input[] bad = good.clone();
                bad[0] = Input.of("x0", good[0].shape(), v);
                yield Case.of(name + "(x0 = " + v[j] + ")", () -> callEntry(entry, op, options, bad),
                        huge ? "eps" : "input 'x0'");
            }
        };
    }

    /** An op that breaks the Differentiable contract in one way; {@code mention} names it in the message. */
    private record Broken(String what, Differentiable op, String mention) {
    }

    private static Broken broken(Random r, int n) {
        double bad = nonFinite(r);
        return switch (r.nextInt(8)) {
            case 0 -> new Broken("forward returns null", Differentiable.of(x -> null, (x, g) -> new double[][] {g}),
                    "forward returned null");
            case 1 -> new Broken("forward returns nothing", Differentiable.of(x -> new double[0],
                    (x, g) -> new double[][] {g}), "forward returned an empty output");
            case 2 -> new Broken("forward returns " + bad, Differentiable.of(x -> {
                double[] y = x[0].clone();
                y[y.length - 1] = bad;
                return y;
            }, (x, g) -> new double[][] {g}), "forward returned " + bad);
            case 3 -> new Broken("backward returns null", Differentiable.of(x -> x[0].clone(), (x, g) -> null),
                    "backward returned null");
            case 4 -> new Broken("backward returns 2 gradients", Differentiable.of(x -> x[0].clone(),
                    (x, g) -> new double[][] {g, g}), "backward returned 2 gradient(s)");
            case 5 -> new Broken("backward returns a null gradient", Differentiable.of(x -> x[0].clone(),
                    (x, g) -> new double[][] {null}), "backward returned null as the gradient of input 'x'");
            case 6 -> new Broken("backward returns a gradient of " + (n + 1) + " elements",
                    Differentiable.of(x -> x[0].clone(), (x, g) -> new double[][] {new double[n + 1]}),
                    "backward returned a gradient of " + (n + 1) + " element(s)");
            default -> new Broken("backward returns " + bad, Differentiable.of(x -> x[0].clone(), (x, g) -> {
                double[] d = g.clone();
                d[0] = bad;
                return new double[][] {d};
            }), "backward returned " + bad);
        };
    }

    private static Case brokenOp(Random r) {
        int n = 1 + r.nextInt(5);
        Broken b = broken(r, n);
        Input x = Input.uniform("x", r, -1, 1, n);
        double[] before = x.values();
        GradCheckOptions options = switch (r.nextInt(3)) {
            case 0 -> GradCheckOptions.defaults();
            case 1 -> GradCheckOptions.defaults().sparse(1 + r.nextInt(3));
            default -> GradCheckOptions.defaults().fast();
        };
        boolean assertion = r.nextBoolean();
        return Case.on(() -> Arrays.toString(x.values()) + Arrays.toString(before),
                (assertion ? "assertCorrect" : "check") + ", " + options.mode() + ": " + b.what(),
                () -> {
                    if (assertion) {
                        GradCheck.assertCorrect(b.op(), options, x);
                    } else {
                        GradCheck.check(b.op(), options, x);
                    }
                }, b.mention());
    }

    // ------------------------------------------------------------------------------------------- command line

    /**
     * Runs the command line; a run that exits 2 with a message and no stack trace is thrown as an
     * IllegalArgumentException carrying stderr (so ApiFuzz checks that it names the flag); anything else fails.
     */
    static void exitsTwo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = GradCheckCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        String e = err.toString();
        if (code != 2) {
            throw new AssertionError("gradcheck " + String.join(" ", args) + " exited " + code + " (expected 2)\n"
                    + out + e);
        }
        if (e.contains("\tat ") || e.contains("Exception in") || e.isBlank()) {
            throw new AssertionError("gradcheck " + String.join(" ", args) + " exited 2 without one clean message:\n"
                    + e);
        }
        throw new IllegalArgumentException(e.strip());
    }

    private static final String OP = "gradlab.gradcheck.examples.Sigmoid";

    private static Case cliOption(Random r) {
        List<String> args = new ArrayList<>(List.of(OP, "--shape", "2,3"));
        String flag;
        String value;
        switch (r.nextInt(12)) {
            case 0 -> {
                flag = "--seed";
                value = oneOf(r, "abc", "1.5", "", "99999999999999999999", "NaN");
            }
            case 1 -> {
                flag = "--k";
                value = oneOf(r, "x", "2.5", "", String.valueOf(badSize(r)), "3000000000");
                args.addAll(List.of("--mode", "sparse"));
            }
            case 2 -> {
                flag = "--mode";
                value = oneOf(r, "dense", "", "ful", "1", "sparse(3)");
            }
            case 3 -> {
                flag = oneOf(r, "--eps", "--atol", "--rtol");
                value = flag.equals("--eps") ? oneOf(r, "0", "-1e-6", "NaN", "Infinity", "abc", "")
                        : oneOf(r, "-1", "-1e-9", "NaN", "Infinity", "-Infinity", "x");
            }
            case 4 -> {
                flag = oneOf(r, "--low", "--high");
                value = oneOf(r, "NaN", "Infinity", "-Infinity", "abc", "");
            }
            case 5 -> {
                flag = "--low";
                value = String.valueOf(1 + r.nextInt(10));                 // at or above --high 1
            }
            case 6 -> {
                flag = "--shape";
                value = oneOf(r, "0", "-1", "2,0", "x", "2,,3", "", ",", "2.5", "3000000000", "2,-3");
                args.subList(1, 3).clear();
            }
            case 7 -> {
                flag = "--shape";
                value = (100_000 + r.nextInt(1000)) + "," + (100_000 + r.nextInt(1000));
                args.subList(1, 3).clear();
            }
            case 8 -> {
                flag = oneOf(r, "--bogus", "--seeds", "-z", "--gradgrads");
                value = r.nextBoolean() ? null : "1";
            }
            case 9 -> {
                flag = oneOf(r, "--seed", "--k", "--eps", "--mode", "--shape", "--low");
                value = null;                                               // the flag without its value, at the end
            }
            case 10 -> {
                flag = "--gradgrad";
                value = null;
                args.set(0, "gradlab.gradcheck.examples.BrokenSigmoid");
            }
            default -> {
                flag = "OP_CLASS";
                value = null;
                args.remove(0);
            }
        }
        if (!flag.equals("OP_CLASS")) {
            args.add(flag);
            if (value != null) {
                args.add(value);
            }
        }
        String label = String.join(" ", args);
        String mention = flag.equals("--gradgrad") ? "--gradgrad" : flag;
        return Case.of("gradcheck " + label, () -> exitsTwo(args.toArray(new String[0])), mention,
                flag.equals("--low") ? "--high" : mention);
    }

    private static Case cliOpClass(Random r) {
        String op = oneOf(r, "gradlab.NoSuchOp", "java.lang.String", "gradlab.gradcheck.Differentiable",
                "gradlab.gradcheck.cli.ThrowingOp", "gradlab.gradcheck.cli.BrokenStaticInit",
                "gradlab.gradcheck.cli.CliTestOps$Recursing", "gradlab.gradcheck.cli.CliTestOps$Asserting",
                "gradlab.gradcheck.cli.CliTestOps$NullBackward", "gradlab.gradcheck.cli.CliTestOps$NoConstructor",
                "gradlab.gradcheck.cli.CliTestOps$ConstructorThrows", "gradlab.gradcheck.cli.CliTestOps$Abstract",
                "", "1nvalid.Name", "gradlab.gradcheck.examples.MatMul");
        List<String> args = new ArrayList<>(List.of(op, "--shape", String.valueOf(1 + r.nextInt(4))));
        if (op.endsWith("MatMul")) {
            args.addAll(List.of("--shape", "5,7"));                          // [n] times [5, 7]: shapes that do not fit
        }
        String simple = op.substring(Math.max(op.lastIndexOf('.'), op.lastIndexOf('$')) + 1);
        return Case.of("gradcheck " + String.join(" ", args), () -> exitsTwo(args.toArray(new String[0])),
                op.isEmpty() ? "''" : simple);
    }
}
