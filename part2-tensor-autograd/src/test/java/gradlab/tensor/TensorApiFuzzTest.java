package gradlab.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.tensor.device.ReferenceDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Part 2's public API under seeded random bad arguments: wrong and broadcast-incompatible shapes, negative and huge
 * sizes, out-of-range dims and indices, nulls, foreign devices, overlapping in-place writes. Every failure must be one
 * of the documented exception types, with a message naming the op, and the tensors involved must be unchanged
 * (values and version). A failing case is named "case N (seed S): call" and replays alone.
 */
class TensorApiFuzzTest {
    static final int CASES = 3000;
    static final Set<Class<? extends Throwable>> DOCUMENTED = Set.of(IllegalArgumentException.class,
            IllegalStateException.class, IndexOutOfBoundsException.class);

    /** One bad call: its description, the op name its message must contain, the tensors it must leave unchanged. */
    record Call(String description, String op, List<Tensor> operands, Runnable run) {
    }

    static int[] shape(Random r) {
        int[] s = new int[r.nextInt(4)];
        for (int i = 0; i < s.length; i++) {
            s[i] = 1 + r.nextInt(4);
        }
        return s;
    }

    static int badSize(Random r) {
        return switch (r.nextInt(3)) {
            case 0 -> -1 - r.nextInt(5);
            case 1 -> Integer.MAX_VALUE - r.nextInt(3);
            default -> 1 << (16 + r.nextInt(8)); // fine alone; the callers pair it with a second huge dim
        };
    }

    /** A dim out of range; a scalar accepts 0 and -1, as in PyTorch, so its bad dims start at 1 and -2. */
    static int badDim(Random r, int rank) {
        int reach = Math.max(rank, 1);
        return r.nextBoolean() ? reach + r.nextInt(3) : -reach - 1 - r.nextInt(3);
    }

    static Tensor tensor(Random r, int[] shape) {
        return Tensor.randn(r, shape);
    }

    /** A shape of s's rank that cannot broadcast with it (s must have a dim larger than 1). */
    static int[] incompatible(Random r, int[] s) {
        int[] t = s.clone();
        for (int d = 0; d < s.length; d++) {
            if (s[d] > 1) {
                t[d] = s[d] + 1 + r.nextInt(3);
                break;
            }
        }
        return t;
    }

    static List<Function<Random, Call>> generators() {
        List<Function<Random, Call>> g = new ArrayList<>();
        g.add(r -> {
            int[] s = shape(r);
            s = s.length < 2 ? new int[] {2, 3} : s;
            int size = badSize(r);
            s[r.nextInt(s.length)] = size;
            if (size > 0) { // make the element count overflow: two huge dims
                s[0] = Math.max(s[0], 1 << 16);
                s[s.length - 1] = Math.max(s[s.length - 1], 1 << 16);
            }
            int[] bad = s;
            return new Call("zeros(" + Arrays.toString(bad) + ")", "zeros", List.of(), () -> Tensor.zeros(bad));
        });
        g.add(r -> {
            int[] s = shape(r);
            s = Arrays.stream(s).allMatch(d -> d == 1) ? new int[] {2, 3} : s;
            Tensor a = tensor(r, s);
            Tensor b = tensor(r, incompatible(r, s));
            String[] ops = {"add", "sub", "mul", "div", "maximum", "pow"};
            String op = ops[r.nextInt(ops.length)];
            Runnable run = switch (op) {
                case "add" -> () -> a.add(b);
                case "sub" -> () -> a.sub(b);
                case "mul" -> () -> a.mul(b);
                case "div" -> () -> a.div(b);
                case "maximum" -> () -> a.maximum(b);
                default -> () -> a.pow(b);
            };
            return new Call(op + " of " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape()), op,
                    List.of(a, b), run);
        });
        g.add(r -> {
            Tensor a = tensor(r, new int[] {1 + r.nextInt(4), 2 + r.nextInt(3)});
            Tensor b = tensor(r, new int[] {a.size(1) + 1 + r.nextInt(2), 1 + r.nextInt(3)});
            boolean mm = r.nextBoolean();
            return new Call((mm ? "mm" : "matmul") + " of " + Arrays.toString(a.shape()) + " and "
                    + Arrays.toString(b.shape()), mm ? "mm" : "matmul", List.of(a, b),
                    mm ? () -> a.mm(b) : () -> a.matmul(b));
        });
        g.add(r -> {
            int[] s = shape(r);
            Tensor a = tensor(r, s);
            int d = badDim(r, s.length);
            String[] ops = {"sum", "mean", "softmax", "transpose", "unsqueeze", "select", "narrow", "max"};
            String op = ops[r.nextInt(ops.length)];
            Runnable run = switch (op) {
                case "sum" -> () -> a.sum(d);
                case "mean" -> () -> a.mean(d);
                case "softmax" -> () -> a.softmax(d);
                case "transpose" -> () -> a.transpose(0, d);
                case "unsqueeze" -> () -> a.unsqueeze(d + (d > 0 ? 1 : -1));
                case "select" -> () -> a.select(d, 0);
                case "narrow" -> () -> a.narrow(d, 0, 1);
                default -> () -> a.max(d, false);
            };
            return new Call(op + " at dim " + d + " of " + Arrays.toString(s), op, List.of(a), run);
        });
        g.add(r -> {
            int[] s = {1 + r.nextInt(4), 1 + r.nextInt(4)};
            Tensor a = tensor(r, s);
            int i = r.nextBoolean() ? s[0] + r.nextInt(3) : -s[0] - 1 - r.nextInt(3);
            boolean select = r.nextBoolean();
            return new Call((select ? "select" : "narrow") + " at index " + i + " of " + Arrays.toString(s),
                    select ? "select" : "narrow", List.of(a), select ? () -> a.select(0, i) : () -> a.narrow(0, i, 1));
        });
        g.add(r -> {
            int[] s = {2 + r.nextInt(3), 2 + r.nextInt(3)};
            Tensor a = tensor(r, s);
            int[] bad = {s[0] * s[1] + 1 + r.nextInt(3)};
            boolean view = r.nextBoolean();
            return new Call((view ? "view" : "reshape") + " " + Arrays.toString(s) + " as " + Arrays.toString(bad),
                    view ? "view" : "reshape", List.of(a), view ? () -> a.view(bad) : () -> a.reshape(bad));
        });
        g.add(r -> {
            int[] s = {2 + r.nextInt(3), 1 + r.nextInt(3)};
            Tensor a = tensor(r, s);
            Tensor index = Tensor.of(s[0] + r.nextInt(3));
            boolean gather = r.nextBoolean();
            return new Call((gather ? "gather" : "indexSelect") + " of index " + index.item() + " in "
                    + Arrays.toString(s), gather ? "gather" : "indexSelect", List.of(a),
                    gather ? () -> a.gather(0, index.reshape(1, 1)) : () -> a.indexSelect(0, index));
        });
        g.add(r -> {
            int[] s = shape(r);
            Tensor a = tensor(r, s);
            String[] ops = {"add", "mul", "matmul", "gt", "addInPlace", "copyFrom", "maximum"};
            String op = ops[r.nextInt(ops.length)];
            Runnable run = switch (op) {
                case "add" -> () -> a.add(null);
                case "mul" -> () -> a.mul(null);
                case "matmul" -> () -> a.matmul(null);
                case "gt" -> () -> a.gt(null);
                case "addInPlace" -> () -> a.addInPlace(null);
                case "copyFrom" -> () -> a.copyFrom(null);
                default -> () -> a.maximum(null);
            };
            String named = switch (op) {
                case "add" -> "Add";
                case "mul" -> "Mul";
                case "maximum" -> "Maximum";
                default -> op;
            };
            return new Call(op + "(null)", named, List.of(a), run);
        });
        g.add(r -> {
            int[] s = shape(r);
            Tensor a = tensor(r, s);
            Tensor b = Tensor.on(ReferenceDevice.INSTANCE).randn(r, s);
            String[] ops = {"add", "mul", "sub", "where", "addInPlace", "copyFrom"};
            String op = ops[r.nextInt(ops.length)];
            Runnable run = switch (op) {
                case "add" -> () -> a.add(b);
                case "mul" -> () -> a.mul(b);
                case "sub" -> () -> a.sub(b);
                case "where" -> () -> Tensor.where(a.gt(0), a, b);
                case "addInPlace" -> () -> a.addInPlace(b);
                default -> () -> a.copyFrom(b);
            };
            return new Call(op + " across cpu and reference", "same device", List.of(a, b), run);
        });
        g.add(r -> {
            int n = 2 + r.nextInt(3);
            Tensor a = tensor(r, new int[] {n, n});
            boolean expanded = r.nextBoolean();
            Tensor row = Tensor.randn(r, 1, n);
            return new Call(expanded ? "addInPlace into an expanded tensor" : "addInPlace of x.t() into x",
                    "addInPlace", List.of(a, row), expanded ? () -> row.expand(n, n).addInPlace(a)
                            : () -> a.addInPlace(a.t()));
        });
        g.add(r -> {
            Tensor leaf = tensor(r, shape(r)).requiresGrad(true);
            return new Call("addInPlace on a leaf that requires grad", "addInPlace", List.of(leaf),
                    () -> leaf.addInPlace(leaf.detach().clone()));
        });
        return g;
    }

    @TestFactory
    Stream<DynamicTest> everyBadCallIsADocumentedErrorThatChangesNothing() {
        List<Function<Random, Call>> generators = generators();
        return IntStream.range(0, CASES).mapToObj(c -> {
            long seed = 7919L * c + 13;
            Call call = generators.get(c % generators.size()).apply(new Random(seed));
            return DynamicTest.dynamicTest("case " + c + " (seed " + seed + "): " + call.description(),
                    () -> check(c, seed, call));
        });
    }

    private static Throwable caught(Runnable run) {
        try {
            run.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    static void check(int c, long seed, Call call) {
        List<double[]> before = call.operands().stream().map(Tensor::toDoubleArray).toList();
        List<Integer> versions = call.operands().stream().map(Tensor::version).toList();
        Throwable thrown = caught(call.run());
        String name = "case " + c + " (seed " + seed + "): " + call.description();
        assertThat(thrown).as("%s must fail", name).isNotNull();
        assertThat(DOCUMENTED.stream().anyMatch(k -> k.isInstance(thrown)))
                .as("%s threw %s, not a documented exception: %s", name, thrown.getClass().getName(),
                        thrown.getMessage()).isTrue();
        assertThat(thrown.getMessage()).as("%s: the message names the op", name).contains(call.op());
        for (int i = 0; i < before.size(); i++) {
            assertThat(call.operands().get(i).toDoubleArray()).as("%s: operand %d unchanged", name, i)
                    .containsExactly(before.get(i));
            assertThat(call.operands().get(i).version()).as("%s: operand %d not written", name, i)
                    .isEqualTo(versions.get(i));
        }
    }
}
