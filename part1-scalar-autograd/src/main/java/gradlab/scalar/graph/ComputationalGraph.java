package gradlab.scalar.graph;

import gradlab.scalar.gate.Gate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Gates wired into a directed acyclic graph with named inputs and one output.
 *
 * <p>{@link #forward} visits the gates in topological order (every gate after the gates that feed it) and caches
 * every value; {@link #backward} visits them in reverse order, starting from dL/dL = 1 at the output. When a value
 * feeds several gates (fan-out), its gradient is the sum of what each of them sends back:
 * <pre>
 *   dL/dx = sum over the gates s that read x of  dL/ds * ds/dx
 * </pre>
 * <pre>
 *   ComputationalGraph g = ComputationalGraph.builder()
 *           .input("x").input("y").input("z")
 *           .gate("q", new AddGate(), "x", "y")
 *           .gate("f", new MultiplyGate(), "q", "z")
 *           .output("f")
 *           .build();
 *   g.forward(Map.of("x", -2.0, "y", 5.0, "z", -4.0));   // -12
 *   g.backward();                                         // {x=-4, y=-4, z=3}
 * </pre>
 */
public final class ComputationalGraph {
    private final List<String> inputs;
    private final List<Node> order;
    private final String output;
    private final Map<String, Double> values = new HashMap<>();
    /** Each gate's forward count after this graph's last forward: backward checks nobody else ran it since. */
    private final long[] forwardCounts;
    private boolean hasForward;

    /** A gate and the names of the values it reads. */
    private record Node(String name, Gate gate, List<String> arguments) {
    }

    private ComputationalGraph(List<String> inputs, List<Node> order, String output) {
        this.inputs = inputs;
        this.order = order;
        this.output = output;
        this.forwardCounts = new long[order.size()];
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The names of the gates in the order forward visits them. */
    public List<String> topologicalOrder() {
        return order.stream().map(Node::name).toList();
    }

    /** Runs every gate in topological order and returns the output; {@code inputValues} names every input. */
    public double forward(Map<String, Double> inputValues) {
        if (inputValues == null) {
            throw new IllegalArgumentException("forward(inputValues): inputValues is null; pass a value for every"
                    + " input " + inputs + ", e.g. Map.of(\"" + inputs.get(0) + "\", 1.0)");
        }
        for (String name : inputValues.keySet()) {
            if (!inputs.contains(name)) {
                throw new IllegalArgumentException("forward got a value for '" + name + "', which is not an input;"
                        + " the inputs are " + inputs);
            }
        }
        for (String name : inputs) {            // every input checked before the last forward's values are dropped
            Double v = inputValues.get(name);
            if (v == null) {
                throw new IllegalArgumentException("forward is missing a value for input '" + name + "'; give every"
                        + " input " + inputs);
            }
            if (Double.isNaN(v)) {
                throw new IllegalArgumentException("forward got NaN for input '" + name + "'; every input must be a"
                        + " number: find where the NaN came from");
            }
        }
        hasForward = false;   // if a gate throws below, backward must not run on a half-updated graph
        values.clear();
        for (String name : inputs) {
            values.put(name, inputValues.get(name));
        }
        for (Node node : order) {
            double[] args = new double[node.arguments().size()];
            for (int a = 0; a < args.length; a++) {
                args[a] = values.get(node.arguments().get(a));
            }
            values.put(node.name(), node.gate().forward(args));
        }
        for (int n = 0; n < order.size(); n++) {
            forwardCounts[n] = order.get(n).gate().forwardCount();
        }
        hasForward = true;
        return values.get(output);
    }

    /** The value of an input or gate computed by the last forward. */
    public double value(String name) {
        requireForward("value");
        Double v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no value named '" + name + "'; the graph has inputs " + inputs
                    + " and gates " + topologicalOrder());
        }
        return v;
    }

    /**
     * Backpropagates from gradient 1 at the output, visiting the gates in reverse topological order, and returns
     * dOutput/dInput for every input, in declaration order.
     */
    public Map<String, Double> backward() {
        requireForward("backward");
        Map<String, Double> grads = new HashMap<>();
        grads.put(output, 1.0);
        for (int n = order.size() - 1; n >= 0; n--) {
            Node node = order.get(n);
            double dz = grads.getOrDefault(node.name(), 0.0);
            if (node.gate().forwardCount() != forwardCounts[n]) {
                throw new IllegalStateException("gate '" + node.name() + "' (" + node.gate().getClass().getSimpleName()
                        + ") has run forward since this graph's forward: the same gate object is used in another"
                        + " graph, or called by hand, so it now keeps other inputs and would return their gradients;"
                        + " give every graph its own gate objects (new " + node.gate().getClass().getSimpleName()
                        + "()), or run this graph's forward again first");
            }
            double[] local = node.gate().backward(dz);
            for (int a = 0; a < local.length; a++) {
                grads.merge(node.arguments().get(a), local[a], Double::sum);   // fan-out: gradients add up
            }
        }
        Map<String, Double> inputGrads = new LinkedHashMap<>();
        for (String name : inputs) {
            inputGrads.put(name, grads.getOrDefault(name, 0.0));
        }
        return inputGrads;
    }

    private void requireForward(String method) {
        if (!hasForward) {
            throw new IllegalStateException(method + " was called before forward: call forward(inputValues) first");
        }
    }

    /** Declares inputs and gates in any order; {@link #build()} checks the wiring and sorts the gates. */
    public static final class Builder {
        private final List<String> inputs = new ArrayList<>();
        private final Map<String, Node> gates = new LinkedHashMap<>();
        private String output;

        private Builder() {
        }

        /** Declares an input named {@code name}. */
        public Builder input(String name) {
            requireNewName(name);
            inputs.add(name);
            return this;
        }

        /** Adds a gate named {@code name} reading the named inputs or gates, in the gate's argument order. */
        public Builder gate(String name, Gate gate, String... arguments) {
            requireNewName(name);
            if (gate == null) {
                throw new IllegalArgumentException("gate '" + name + "' is null; pass a new gate object, e.g."
                        + " gate(\"" + name + "\", new AddGate(), \"x\", \"y\")");
            }
            if (arguments == null || java.util.Arrays.asList(arguments).contains(null)) {
                throw new IllegalArgumentException("gate '" + name + "' reads a null name; name the inputs or gates it"
                        + " reads, e.g. gate(\"" + name + "\", new AddGate(), \"x\", \"y\")");
            }
            if (gate.arity() != arguments.length) {
                throw new IllegalArgumentException("gate '" + name + "' (" + gate.getClass().getSimpleName()
                        + ") takes " + gate.arity() + " argument(s) but " + arguments.length + " were wired: "
                        + List.of(arguments));
            }
            gates.put(name, new Node(name, gate, List.of(arguments)));
            return this;
        }

        /** Names the gate whose value is the graph's output. */
        public Builder output(String name) {
            this.output = name;
            return this;
        }

        /**
         * Checks the wiring and sorts the gates topologically (Kahn's algorithm): every argument must exist, each
         * gate object must be used once, there must be no cycle, and every input and gate must lead to the output.
         */
        public ComputationalGraph build() {
            if (output == null || !gates.containsKey(output)) {
                throw new IllegalArgumentException("the output " + (output == null ? "is not set" : "'" + output
                        + "' is not a gate") + "; call output(name) with one of the gates " + gates.keySet());
            }
            Map<Gate, String> seen = new IdentityHashMap<>();
            for (Node node : gates.values()) {
                String other = seen.put(node.gate(), node.name());
                if (other != null) {
                    throw new IllegalArgumentException("the same gate object is used for '" + other + "' and '"
                            + node.name() + "'; a gate caches its inputs, so every node needs its own gate");
                }
                for (String arg : node.arguments()) {
                    if (!inputs.contains(arg) && !gates.containsKey(arg)) {
                        throw new IllegalArgumentException("gate '" + node.name() + "' reads '" + arg + "', which is"
                                + " neither an input " + inputs + " nor a gate " + gates.keySet());
                    }
                }
            }
            List<Node> order = kahn();
            requireAllLeadToOutput();
            return new ComputationalGraph(List.copyOf(inputs), List.copyOf(order), output);
        }

        /** Kahn's algorithm: repeatedly take a gate whose gate arguments are all placed already. */
        private List<Node> kahn() {
            Map<String, Integer> waitingOn = new HashMap<>();
            Map<String, List<String>> readers = new HashMap<>();
            for (Node node : gates.values()) {
                int count = 0;
                for (String arg : node.arguments()) {
                    if (gates.containsKey(arg)) {
                        count++;
                        readers.computeIfAbsent(arg, k -> new ArrayList<>()).add(node.name());
                    }
                }
                waitingOn.put(node.name(), count);
            }
            Deque<String> ready = new ArrayDeque<>();
            for (Node node : gates.values()) {
                if (waitingOn.get(node.name()) == 0) {
                    ready.add(node.name());
                }
            }
            List<Node> order = new ArrayList<>();
            while (!ready.isEmpty()) {
                String name = ready.poll();
                order.add(gates.get(name));
                for (String reader : readers.getOrDefault(name, List.of())) {
                    if (waitingOn.merge(reader, -1, Integer::sum) == 0) {
                        ready.add(reader);
                    }
                }
            }
            if (order.size() < gates.size()) {
                Set<String> stuck = new TreeSet<>(gates.keySet());
                order.forEach(node -> stuck.remove(node.name()));
                throw new IllegalArgumentException("the gates " + stuck + " form a cycle (or depend on one); a"
                        + " computational graph must be acyclic so that it has a topological order");
            }
            return order;
        }

        /** Walks back from the output; any input or gate not reached cannot affect it. */
        private void requireAllLeadToOutput() {
            Set<String> reached = new TreeSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(output));
            while (!todo.isEmpty()) {
                String name = todo.pop();
                if (reached.add(name) && gates.containsKey(name)) {
                    todo.addAll(gates.get(name).arguments());
                }
            }
            List<String> unconnected = new ArrayList<>();
            for (String name : inputs) {
                if (!reached.contains(name)) {
                    unconnected.add("input '" + name + "'");
                }
            }
            for (String name : gates.keySet()) {
                if (!reached.contains(name)) {
                    unconnected.add("gate '" + name + "'");
                }
            }
            if (!unconnected.isEmpty()) {
                throw new IllegalArgumentException(String.join(", ", unconnected) + " not connected to the output '"
                        + output + "'; wire it into a gate that leads to the output, or remove it");
            }
        }

        private void requireNewName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("names must be non-empty");
            }
            if (inputs.contains(name) || gates.containsKey(name)) {
                throw new IllegalArgumentException("the name '" + name + "' is already used; every input and gate"
                        + " needs its own name");
            }
        }
    }

    @Override
    public String toString() {
        return "ComputationalGraph(inputs " + inputs + ", gates " + topologicalOrder() + ", output " + output + ")";
    }
}
