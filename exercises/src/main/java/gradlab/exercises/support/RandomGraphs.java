package gradlab.exercises.support;

import gradlab.scalar.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random expression graphs of part-1 {@link Value}s, for the backprop exercises: a few leaves, then
 * operations whose operands are drawn from everything made so far, so values are reused (fan-out) and some
 * operations use the same operand twice (x * x). Magnitudes are kept moderate with tanh.
 */
public final class RandomGraphs {
    private RandomGraphs() {
    }

    /** The leaves and the root of a random graph. */
    public record Graph(List<Value> leaves, Value root) {
    }

    /** A graph of {@code leaves} leaves and {@code operations} operations drawn from {@code new Random(seed)}. */
    public static Graph expression(long seed, int leaves, int operations) {
        Random r = new Random(seed);
        List<Value> all = new ArrayList<>();
        List<Value> leafList = new ArrayList<>();
        for (int i = 0; i < leaves; i++) {
            Value v = Value.of(r.nextDouble() * 4 - 2, "x" + i);
            all.add(v);
            leafList.add(v);
        }
        Value last = all.get(all.size() - 1);
        for (int i = 0; i < operations; i++) {
            Value a = all.get(r.nextInt(all.size()));
            Value b = r.nextInt(4) == 0 ? a : all.get(r.nextInt(all.size()));
            Value v = switch (r.nextInt(6)) {
                case 0 -> a.add(b);
                case 1 -> a.mul(b);
                case 2 -> a.tanh();
                case 3 -> a.sigmoid();
                case 4 -> a.relu().add(b);
                default -> a.pow(2).add(b.mul(0.5));
            };
            if (Math.abs(v.data()) > 100) {
                v = v.tanh();
            }
            all.add(v);
            last = v;
        }
        // the root sums the last value and a few others, so most of the graph reaches it
        Value root = last;
        for (int i = 0; i < 3; i++) {
            root = root.add(all.get(r.nextInt(all.size())));
        }
        return new Graph(leafList, root);
    }
}
