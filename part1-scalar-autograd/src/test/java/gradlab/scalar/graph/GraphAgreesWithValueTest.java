package gradlab.scalar.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.scalar.gate.AddGate;
import gradlab.scalar.gate.ExpGate;
import gradlab.scalar.gate.Gate;
import gradlab.scalar.gate.InverseGate;
import gradlab.scalar.gate.LogGate;
import gradlab.scalar.gate.MultiplyGate;
import gradlab.scalar.gate.PowGate;
import gradlab.scalar.gate.ReluGate;
import gradlab.scalar.gate.SigmoidGate;
import gradlab.scalar.gate.TanhGate;
import gradlab.scalar.value.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for a random circuit, the graph of gates and the same expression written with {@link Value} compute
 * the same output and the same gradient for every input. The circuits come from a seeded generator (random inputs,
 * random gates reading random earlier values, so fan-out is common); the unread values are summed into the output.
 * A failure prints the seed and the circuit; rerun that seed to replay it.
 */
class GraphAgreesWithValueTest {
    private static final double RTOL = 1e-9;

    static LongStream seeds() {
        return LongStream.range(0, 200);
    }

    @ParameterizedTest(name = "random circuit case {index} (seed {0})")
    @MethodSource("seeds")
    void graphAndValueGiveTheSameValueAndGradients(long seed) {
        RandomCircuit circuit = RandomCircuit.generate(new Random(seed));
        String context = "random circuit (seed " + seed + "):\n" + circuit.description;

        double graphOut = circuit.graph.forward(circuit.inputValues);
        Map<String, Double> graphGrads = circuit.graph.backward();
        circuit.valueOut.backward();

        assertThat(graphOut).as(context).isCloseTo(circuit.valueOut.data(), within(tolerance(graphOut)));
        for (Map.Entry<String, Double> input : circuit.inputs.entrySet()) {
            double expected = circuit.values.get(input.getKey()).grad();
            assertThat(graphGrads.get(input.getKey())).as(context + "\ngradient of " + input.getKey())
                    .isCloseTo(expected, within(tolerance(expected)));
        }
    }

    private static double tolerance(double x) {
        return RTOL * Math.max(1, Math.abs(x));
    }

    /** A random circuit built twice: as a ComputationalGraph and as Values. */
    static final class RandomCircuit {
        final Map<String, Double> inputs = new LinkedHashMap<>();
        final Map<String, Double> inputValues = new LinkedHashMap<>();
        final Map<String, Value> values = new LinkedHashMap<>();
        final StringBuilder description = new StringBuilder();
        ComputationalGraph graph;
        Value valueOut;

        private static final String[] KINDS = {"add", "mul", "exp", "log", "inverse", "pow2", "pow3", "sqrt",
            "sigmoid", "tanh", "relu"};

        static RandomCircuit generate(Random random) {
            RandomCircuit c = new RandomCircuit();
            ComputationalGraph.Builder builder = ComputationalGraph.builder();
            List<String> names = new ArrayList<>();
            Map<String, Double> data = new LinkedHashMap<>();
            Set<String> read = new HashSet<>();

            int inputCount = 1 + random.nextInt(4);
            for (int i = 0; i < inputCount; i++) {
                String name = "x" + i;
                double x = -2 + 4 * random.nextDouble();
                builder.input(name);
                c.inputs.put(name, x);
                c.inputValues.put(name, x);
                c.values.put(name, Value.of(x, name));
                c.description.append(name).append(" = ").append(x).append('\n');
                names.add(name);
                data.put(name, x);
            }
            int gateCount = 1 + random.nextInt(15);
            for (int g = 0; g < gateCount; g++) {
                String name = "g" + g;
                String a = names.get(random.nextInt(names.size()));
                String b = names.get(random.nextInt(names.size()));
                String kind = pickValidKind(random, data.get(a), data.get(b));
                boolean binary = kind.equals("add") || kind.equals("mul");
                Value va = c.values.get(a);
                Value vb = c.values.get(b);
                Gate gate;
                Value out;
                switch (kind) {
                    case "add" -> { gate = new AddGate(); out = va.add(vb); }
                    case "mul" -> { gate = new MultiplyGate(); out = va.mul(vb); }
                    case "exp" -> { gate = new ExpGate(); out = va.exp(); }
                    case "log" -> { gate = new LogGate(); out = va.log(); }
                    case "inverse" -> { gate = new InverseGate(); out = Value.of(1).div(va); }
                    case "pow2" -> { gate = new PowGate(2); out = va.pow(2); }
                    case "pow3" -> { gate = new PowGate(3); out = va.pow(3); }
                    case "sqrt" -> { gate = new PowGate(0.5); out = va.pow(0.5); }
                    case "sigmoid" -> { gate = new SigmoidGate(); out = va.sigmoid(); }
                    case "tanh" -> { gate = new TanhGate(); out = va.tanh(); }
                    case "relu" -> { gate = new ReluGate(); out = va.relu(); }
                    default -> throw new IllegalStateException("unknown kind " + kind);
                }
                if (binary) {
                    builder.gate(name, gate, a, b);
                    read.add(b);
                    c.description.append(name).append(" = ").append(kind).append('(').append(a).append(", ")
                            .append(b).append(")\n");
                } else {
                    builder.gate(name, gate, a);
                    c.description.append(name).append(" = ").append(kind).append('(').append(a).append(")\n");
                }
                read.add(a);
                c.values.put(name, out);
                names.add(name);
                data.put(name, out.data());
            }

            // Every value nobody reads is summed into the output, so that every input and gate leads to it. The last
            // gate is never read, so the output is always a gate.
            List<String> sinks = names.stream().filter(n -> !read.contains(n)).toList();
            String output = sinks.get(0);
            Value valueOut = c.values.get(output);
            for (int s = 1; s < sinks.size(); s++) {
                String sum = "sum" + s;
                builder.gate(sum, new AddGate(), output, sinks.get(s));
                c.description.append(sum).append(" = add(").append(output).append(", ").append(sinks.get(s))
                        .append(")\n");
                valueOut = valueOut.add(c.values.get(sinks.get(s)));
                output = sum;
            }
            c.graph = builder.output(output).build();
            c.valueOut = valueOut;
            return c;
        }

        /**
         * A random gate kind whose inputs are in its domain (away from log's and 1/x's pole) and whose output stays
         * moderate, so both engines compute on ordinary numbers; tanh is always valid.
         */
        private static String pickValidKind(Random random, double a, double b) {
            for (int attempt = 0; attempt < 10; attempt++) {
                String kind = KINDS[random.nextInt(KINDS.length)];
                boolean valid = switch (kind) {
                    case "add" -> Math.abs(a + b) < 1e3;
                    case "mul" -> Math.abs(a * b) < 1e3;
                    case "exp" -> a < 5;
                    case "log", "sqrt" -> a > 0.05;
                    case "inverse" -> Math.abs(a) > 0.05;
                    case "pow2", "pow3" -> Math.abs(a) < 10;
                    default -> true;
                };
                if (valid) {
                    return kind;
                }
            }
            return "tanh";
        }
    }
}
