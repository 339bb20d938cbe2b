package gradlab.scalar;

import static gradlab.testkit.ApiFuzz.badSize;
import static gradlab.testkit.ApiFuzz.nonFinite;
import static gradlab.testkit.ApiFuzz.oneOf;

import gradlab.scalar.check.GateFunction;
import gradlab.scalar.check.ValueFunction;
import gradlab.scalar.demo.MoonsDemo;
import gradlab.scalar.demo.TwoMoons;
import gradlab.scalar.gate.AddGate;
import gradlab.scalar.gate.ExpGate;
import gradlab.scalar.gate.Gate;
import gradlab.scalar.gate.InverseGate;
import gradlab.scalar.gate.MaxGate;
import gradlab.scalar.gate.MultiplyGate;
import gradlab.scalar.gate.PowGate;
import gradlab.scalar.gate.ReluGate;
import gradlab.scalar.gate.SigmoidGate;
import gradlab.scalar.gate.TanhGate;
import gradlab.scalar.graph.ComputationalGraph;
import gradlab.scalar.nn.Layer;
import gradlab.scalar.nn.MLP;
import gradlab.scalar.nn.Neuron;
import gradlab.scalar.value.Value;
import gradlab.testkit.ApiFuzz;
import gradlab.testkit.ApiFuzz.Case;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Part 1's public API under seeded bad arguments (see {@link ApiFuzz}): Value operations with null, NaN and
 * out-of-domain operands; gates misused by hand (backward before forward, a NaN upstream gradient dz, the wrong
 * number of inputs); computational graphs wired or run wrongly; the scalar MLP and the two-moons demo with bad sizes
 * and data. Every refusal is a documented exception naming the argument, and leaves the values (data and grad),
 * gates, graphs and parameters as they were.
 */
class ScalarApiFuzzTest {
    static final long SEED = 1_2026L;
    static final int CASES = 3000;

    @TestFactory
    Stream<DynamicTest> badArgumentsAreRefusedByName() {
        return ApiFuzz.tests(SEED, CASES, generators());
    }

    static Map<String, Function<Random, Case>> generators() {
        Map<String, Function<Random, Case>> g = new LinkedHashMap<>();
        g.put("Value", ScalarApiFuzzTest::valueOp);
        g.put("gate by hand", ScalarApiFuzzTest::gateMisuse);
        g.put("ComputationalGraph.Builder", ScalarApiFuzzTest::graphBuild);
        g.put("ComputationalGraph run", ScalarApiFuzzTest::graphRun);
        g.put("MLP", ScalarApiFuzzTest::mlp);
        g.put("demo", ScalarApiFuzzTest::demo);
        return g;
    }

    /** Data and grad of every value, exactly. */
    static String snapshot(List<Value> values) {
        StringBuilder sb = new StringBuilder();
        for (Value v : values) {
            sb.append(v.data()).append('/').append(v.grad()).append("; ");
        }
        return sb.toString();
    }

    private static Gate gate(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> new AddGate();
            case 1 -> new MultiplyGate();
            case 2 -> new MaxGate();
            case 3 -> new ExpGate();
            case 4 -> new TanhGate();
            case 5 -> new SigmoidGate();
            case 6 -> new ReluGate();
            case 7 -> new InverseGate();
            case 8 -> new PowGate(2);
            default -> new PowGate(3);
        };
    }

    /** a and b after a backward pass of a * b + a (so both have data and a gradient). */
    private static List<Value> operands(Random r) {
        Value a = Value.of(0.5 + r.nextDouble(), "a");
        Value b = Value.of(r.nextGaussian(), "b");
        a.mul(b).add(a).backward();
        return List.of(a, b);
    }

    private static Case valueOp(Random r) {
        List<Value> ab = operands(r);
        Value a = ab.get(0);
        Value b = ab.get(1);
        Value c = a.mul(b);                                   // an intermediate value
        List<Value> all = List.of(a, b, c);
        Supplier<String> state = () -> snapshot(all);
        String method = oneOf(r, "add", "mul", "sub", "div");
        return switch (r.nextInt(13)) {
            case 0 -> Case.on(state, method + "(null)", () -> {
                switch (method) {
                    case "add" -> a.add(null);
                    case "mul" -> a.mul(null);
                    case "sub" -> a.sub(null);
                    default -> a.div(null);
                }
            }, "null");
            case 1 -> Case.on(state, "div by a Value of 0", () -> a.div(Value.of(0, "zero")), "division by a Value"
                    + " equal to 0");
            case 2 -> {
                double x = -Math.abs(r.nextGaussian()) * (r.nextBoolean() ? 0 : 1);
                yield Case.on(state, "log of " + x, () -> Value.of(x).log(), "log of " + x);
            }
            case 3 -> {
                double p = 0.5 + r.nextInt(3) + 0.25;
                yield Case.on(state, "pow(" + p + ") of a negative value", () -> Value.of(-1 - r.nextDouble()).pow(p),
                        "pow(" + p + ")");
            }
            case 4 -> {
                double p = nonFinite(r);
                yield Case.on(state, "pow(" + p + ")", () -> a.pow(p), String.valueOf(p));
            }
            case 5 -> Case.of("Value.of(NaN)", () -> Value.of(Double.NaN), "NaN");
            case 6 -> {
                double bad = nonFinite(r);
                yield Case.on(state, "leaf.setData(" + bad + ")", () -> a.setData(bad), "setData(" + bad + ")");
            }
            case 7 -> Case.on(state, "setData on a computed value", () -> c.setData(1), "setData");
            case 8 -> Case.on(state, "Value.apply(null gate)", () -> Value.apply(null, a), "gate is null");
            case 9 -> Case.on(state, "Value.apply(gate, null operands)", () -> Value.apply(new TanhGate(),
                    (Value[]) null), "operands is null");
            case 10 -> {
                Gate g = gate(r);
                Value[] wrong = g.arity() == 1 ? new Value[] {a, b} : new Value[] {a};
                yield Case.on(state, "Value.apply(" + g.getClass().getSimpleName() + ", " + wrong.length
                        + " operands)", () -> Value.apply(g, wrong), "takes " + g.arity() + " operand(s)");
            }
            case 11 -> {
                Gate used = c.gate();
                yield Case.on(state, "Value.apply with a gate that has run", () -> Value.apply(used, a, b),
                        "already run forward");
            }
            default -> {
                List<Value> withNull = new ArrayList<>(all);
                withNull.add(r.nextInt(withNull.size() + 1), null);
                yield r.nextBoolean()
                        ? Case.on(state, "Value.zeroGrad(null)", () -> Value.zeroGrad(null), "values is null")
                        : Case.on(state, "Value.zeroGrad(a list holding null)", () -> Value.zeroGrad(withNull),
                        "values holds null");
            }
        };
    }

    private static double[] inputsFor(Gate g, Random r) {
        double[] in = new double[g.arity()];
        for (int i = 0; i < in.length; i++) {
            in[i] = 0.5 + r.nextDouble();                       // positive: inside every gate's domain
        }
        return in;
    }

    /** The gate's forward count and, if it has run forward, its gradients for dz = 1. */
    private static String gateState(Gate g) {
        try {
            return g.forwardCount() + " " + Arrays.toString(g.backward(1.0));
        } catch (IllegalStateException e) {
            return g.forwardCount() + " (no forward yet)";
        }
    }

    private static Case gateMisuse(Random r) {
        Gate g = gate(r);
        String name = g.getClass().getSimpleName();
        Supplier<String> state = () -> gateState(g);
        return switch (r.nextInt(5)) {
            case 0 -> {
                double dz = r.nextGaussian();
                yield Case.on(state, name + ".backward(" + dz + ") before forward", () -> g.backward(dz),
                        "before forward");
            }
            case 1 -> {
                g.forward(inputsFor(g, r));
                yield Case.on(state, name + ".backward(NaN) after forward", () -> g.backward(Double.NaN), "NaN");
            }
            case 2 -> {
                if (r.nextBoolean()) {
                    g.forward(inputsFor(g, r));
                }
                double[] in = inputsFor(g, r);
                in[r.nextInt(in.length)] = Double.NaN;
                yield Case.on(state, name + ".forward(" + Arrays.toString(in) + ")", () -> g.forward(in), "NaN");
            }
            case 3 -> Case.on(state, name + ".forward(null)", () -> g.forward((double[]) null), "inputs is null");
            default -> {
                double[] wrong = new double[g.arity() == 1 ? 2 + r.nextInt(2) : oneOf(r, 0, 1, 3)];
                Arrays.fill(wrong, 0.5);
                yield Case.on(state, name + ".forward of " + wrong.length + " inputs", () -> g.forward(wrong),
                        "takes " + g.arity() + " input");
            }
        };
    }

    private static Case graphBuild(Random r) {
        ComputationalGraph.Builder b = ComputationalGraph.builder().input("x").input("y")
                .gate("m", new MultiplyGate(), "x", "y");
        return switch (r.nextInt(10)) {
            case 0 -> {
                String bad = oneOf(r, null, "", " ");
                yield Case.of("input(" + bad + ")", () -> b.input(bad), "names must be non-empty");
            }
            case 1 -> {
                String dup = oneOf(r, "x", "y", "m");
                yield Case.of("input('" + dup + "') again", () -> b.input(dup), "'" + dup + "' is already used");
            }
            case 2 -> Case.of("gate('t', null)", () -> b.gate("t", null, "m"), "gate 't' is null");
            case 3 -> Case.of("gate('t', TanhGate, 'm', 'x')", () -> b.gate("t", new TanhGate(), "m", "x"),
                    "takes 1 argument(s)");
            case 4 -> Case.of("gate('t', TanhGate, null)", () -> b.gate("t", new TanhGate(), (String) null),
                    "null name");
            case 5 -> Case.of("a gate reading an unknown name", () -> b.gate("t", new TanhGate(), "z").output("t")
                    .build(), "'z'");
            case 6 -> Case.of("a cycle", () -> b.gate("p", new AddGate(), "m", "q").gate("q", new TanhGate(), "p")
                    .output("q").build(), "cycle");
            case 7 -> Case.of("an unconnected input", () -> b.input("w").output("m").build(), "input 'w'");
            case 8 -> {
                String out = oneOf(r, null, "x", "nope");
                yield Case.of("output(" + out + ")", () -> b.output(out).build(), "output");
            }
            default -> {
                Gate shared = new TanhGate();
                yield Case.of("one gate object for two nodes", () -> b.gate("t", shared, "m").gate("u", shared, "t")
                        .output("u").build(), "same gate object");
            }
        };
    }

    private static Case graphRun(Random r) {
        Gate tanh = new TanhGate();
        ComputationalGraph graph = ComputationalGraph.builder().input("x").input("y")
                .gate("m", new MultiplyGate(), "x", "y").gate("t", tanh, "m").output("t").build();
        boolean ran = r.nextBoolean() || r.nextInt(9) == 0;
        if (ran) {
            graph.forward(Map.of("x", r.nextGaussian(), "y", r.nextGaussian()));
        }
        Supplier<String> state = () -> {
            try {
                return graph.value("x") + " " + graph.value("y") + " " + graph.value("t") + " " + graph.backward();
            } catch (IllegalStateException e) {
                return "no forward";
            }
        };
        return switch (r.nextInt(7)) {
            case 0 -> Case.on(state, "forward(null)", () -> graph.forward(null), "inputValues is null");
            case 1 -> Case.on(state, "forward missing 'y'", () -> graph.forward(Map.of("x", 1.0)), "'y'");
            case 2 -> Case.on(state, "forward with an unknown input", () -> graph.forward(Map.of("x", 1.0, "y", 2.0,
                    "z", 3.0)), "'z'");
            case 3 -> {
                Map<String, Double> in = new HashMap<>(Map.of("x", 1.0, "y", 2.0));
                String which = oneOf(r, "x", "y");
                in.put(which, r.nextBoolean() ? null : Double.NaN);
                yield Case.on(state, "forward with " + which + " = " + in.get(which), () -> graph.forward(in),
                        "'" + which + "'");
            }
            case 4 -> ran
                    ? Case.on(state, "value('nope')", () -> graph.value("nope"), "'nope'")
                    : Case.on(state, "value before forward", () -> graph.value("x"), "before forward");
            case 5 -> ran
                    ? Case.on(state, "value(null)", () -> graph.value(null), "'null'")
                    : Case.on(state, "backward before forward", graph::backward, "before forward");
            default -> {
                if (!ran) {
                    graph.forward(Map.of("x", 0.5, "y", -0.25));
                }
                tanh.forward(r.nextGaussian());                 // the graph's gate run by hand
                Supplier<String> values = () -> graph.value("x") + " " + graph.value("y") + " " + graph.value("t");
                yield Case.on(values, "backward after its gate ran elsewhere", graph::backward, "gate 't'");
            }
        };
    }

    private static Case mlp(Random r) {
        MLP model = new MLP(2, new int[] {3, 1}, new Random(r.nextLong()));
        model.applyScalar(0.5, -0.5).backward();
        Supplier<String> state = () -> snapshot(model.parameters());
        Neuron neuron = new Neuron(2, true, new Random(r.nextLong()));
        Supplier<String> neuronState = () -> snapshot(neuron.parameters());
        return switch (r.nextInt(9)) {
            case 0 -> {
                int n = badSize(r);
                yield Case.of("new Neuron(" + n + ")", () -> new Neuron(n, true, new Random(1)), "input");
            }
            case 1 -> Case.of("new Neuron(2, null random)", () -> new Neuron(2, true, null), "random");
            case 2 -> {
                int n = badSize(r);
                yield Case.of("new Layer(2, " + n + ")", () -> new Layer(2, n, true, new Random(1)), "output");
            }
            case 3 -> {
                int[] sizes = r.nextBoolean() ? null : r.nextBoolean() ? new int[0] : new int[] {3, badSize(r)};
                yield Case.of("new MLP(2, " + Arrays.toString(sizes) + ")", () -> new MLP(2, sizes, new Random(1)),
                        "layer");
            }
            case 4 -> Case.on(state, "applyScalar(null)", () -> model.applyScalar((double[]) null), "x is null");
            case 5 -> {
                double[] x = new double[oneOf(r, 0, 1, 3, 5)];
                yield Case.on(state, "applyScalar of " + x.length + " numbers", () -> model.applyScalar(x),
                        "got " + x.length + " inputs");
            }
            case 6 -> Case.on(state, "applyScalar(NaN, 1)", () -> model.applyScalar(Double.NaN, 1), "NaN");
            case 7 -> Case.on(neuronState, "neuron.apply(null)", () -> neuron.apply(null), "null");
            default -> {
                List<Value> x = new ArrayList<>(List.of(Value.of(1), Value.of(2)));
                x.set(r.nextInt(2), null);
                yield Case.on(neuronState, "neuron.apply with a null input", () -> neuron.apply(x), "is null");
            }
        };
    }

    private static Case demo(Random r) {
        return switch (r.nextInt(6)) {
            case 0 -> {
                int n = r.nextBoolean() ? badSize(r) : 1;
                yield Case.of("TwoMoons.generate(" + n + ")", () -> TwoMoons.generate(n, 0.1, 1), "n = " + n);
            }
            case 1 -> {
                double noise = r.nextBoolean() ? nonFinite(r) : -r.nextDouble() - 1e-9;
                yield Case.of("TwoMoons.generate(noise " + noise + ")", () -> TwoMoons.generate(10, noise, 1),
                        "noise = " + noise);
            }
            case 2 -> Case.of("new TwoMoons(3 points, 2 labels)", () -> new TwoMoons(new double[][] {{0, 0}, {1, 1},
                    {2, 2}}, new int[] {1, -1}), "3 points and 2 labels");
            case 3 -> {
                double bad = nonFinite(r);
                yield Case.of("new TwoMoons with a point " + bad, () -> new TwoMoons(new double[][] {{0, bad}},
                        new int[] {1}), "points[0]");
            }
            case 4 -> {
                int label = oneOf(r, 0, 2, -2, 7);
                yield Case.of("new TwoMoons with label " + label, () -> new TwoMoons(new double[][] {{0, 0}},
                        new int[] {label}), "labels[0] = " + label);
            }
            default -> {
                boolean nullData = r.nextBoolean();
                MLP model = new MLP(2, new int[] {2, 1}, new Random(r.nextLong()));
                yield Case.on(() -> snapshot(model.parameters()), "MoonsDemo.train(" + (nullData ? "null data"
                        : "null model") + ")", () -> MoonsDemo.train(nullData ? null : TwoMoons.generate(4, 0.1, 1),
                        nullData ? model : null, false), nullData ? "data" : "model");
            }
        };
    }

    /** The check adapters refuse a null gate or expression (so gradcheck names it, not a NullPointerException). */
    @TestFactory
    Stream<DynamicTest> checkAdaptersRefuseNull() {
        return ApiFuzz.tests(SEED + 1, 2, Map.of(
                "GateFunction", r -> Case.of("new GateFunction(null)", () -> new GateFunction(null), "gate is null"),
                "ValueFunction", r -> Case.of("new ValueFunction(null)", () -> new ValueFunction(null),
                        "expression is null")));
    }
}
