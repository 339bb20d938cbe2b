package gradlab.tensor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.gradcheck.GradCheck;
import gradlab.gradcheck.GradCheckOptions;
import gradlab.gradcheck.Input;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Edge;
import gradlab.tensor.autograd.Function;
import gradlab.tensor.check.Layout;
import gradlab.tensor.check.TensorFunction;
import gradlab.tensor.check.TensorGradCheck;
import gradlab.tensor.testing.PlainReference.Nd;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * For every entry of the catalogue, 100 seeded random cases (shapes of rank 0-4, broadcast pairs, values in the op's
 * safe domain), the inputs laid out in turn in each of seven forms: the six {@link Layout}s (contiguous, permuted,
 * strided, narrowed, transposed, stepped) and {@code EXPANDED}. Each case checks:
 * <ol>
 *   <li>the expression really runs the op: its output's gradFn is {@code <Op>Backward} (for a labelled variant, such
 *       as matmul's vector cases, the op is somewhere in its graph);</li>
 *   <li>forward values equal the entry's plain reference ({@link PlainReference}: loops over double[], independent of
 *       the engine) within 1e-12 relative (absolute near 0), on the same non-contiguous inputs;</li>
 *   <li>gradcheck of the op's backward against central differences, in float64;</li>
 *   <li>every input's grad has the input's shape (the classic broadcasting bug);</li>
 *   <li>float32 forward, on float32 inputs in the same layout, agrees with float64;</li>
 *   <li>every tenth case, gradgradcheck of the backward's own backward (createGraph = true), in the case's layout.</li>
 * </ol>
 *
 * <p>{@code EXPANDED} inputs have a stride-0 dim. An expanded tensor repeats one value along that dim, so it cannot
 * hold independent random values for gradcheck to perturb: the gradchecked leaf has size 1 in one randomly chosen dim
 * (of size &gt; 1) and the function expands it to the op's shape before applying the op. The op's forward then reads
 * stride-0 inputs, its backward's gradient is summed over the copies by Expand's backward, and gradcheck compares that
 * with perturbing the one leaf element that all copies share. A case where no input has a dim of size &gt; 1 runs with
 * contiguous inputs (its name says so).
 *
 * <p>Every case runs on every device of {@link #devices()} (MiniTorch runs its tests over its backends the same way):
 * the CPU device, and the reference device, whose kernels only ever see compact operands, so the bridge's copies are
 * checked in every layout too. Part 5 runs the same catalogue on its OpenCL device by overriding {@link #devices()}.
 *
 * <p>A failing case is named "Label case N on DEVICE (seed S): shapes ..., layout L"; {@link #runCase} replays it.
 */
public class OpCatalogueTests {
    static final int CASES = 100;
    /** The number of input forms: every {@link Layout}, then EXPANDED. */
    static final int FORMS = Layout.values().length + 1;
    /** Forward values must match the reference within this, relative (absolute for values below 1). */
    static final double REFERENCE_TOLERANCE = 1e-12;

    /** The devices every entry runs on. A device of another module joins by overriding this in a subclass. */
    protected List<Device> devices() {
        return List.of(CpuDevice.INSTANCE, ReferenceDevice.INSTANCE);
    }

    /**
     * How many of each entry's cases run (the first n). A slow device may run fewer: 14 still meet every layout twice
     * and run gradgradcheck twice.
     */
    protected int cases() {
        return CASES;
    }

    @TestFactory
    Stream<DynamicContainer> everyOpPassesEveryCheck() {
        return devices().stream().flatMap(device -> OpCatalogue.entries().stream().map(entry ->
                DynamicContainer.dynamicContainer(entry.label() + " on " + device.name(),
                        IntStream.range(0, cases()).mapToObj(c -> DynamicTest.dynamicTest(caseName(entry, c, device),
                                () -> runCase(entry, c, device))))));
    }

    /**
     * Replays case c of an entry exactly as the test factory runs it, e.g. after "Mul case 17 on cpu (seed ...)"
     * failed: {@code OpCatalogueTests.runCase(OpCatalogue.entry("Mul"), 17, CpuDevice.INSTANCE)}.
     */
    public static void runCase(OpCatalogue.Entry entry, int c, Device device) {
        Assumptions.assumeTrue(device.supports(DType.FLOAT64), () -> device.name() + " has no float64, which"
                + " gradcheck needs; its kernels are checked by its own tests");
        long seed = seed(entry, c);
        int[][] shapes = entry.shapes().draw(new Random(seed));
        int form = c % FORMS;
        Layout layout = form < Layout.values().length ? Layout.values()[form] : Layout.CONTIGUOUS;
        int[][] leaves = form < Layout.values().length ? shapes : expandedLeafShapes(shapes, seed);
        try (var onDevice = Tensor.usingDevice(device)) {
            check(entry, seed, shapes, leaves, layout, c % 10 == 0);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(caseName(entry, c, device) + ": " + e.getMessage(), e);
        }
    }

    static long seed(OpCatalogue.Entry entry, int c) {
        return 1000L * c + entry.label().hashCode();
    }

    /** "Label case N on DEVICE (seed S): shapes [...], layout L": everything needed to replay it. */
    static String caseName(OpCatalogue.Entry entry, int c, Device device) {
        long seed = seed(entry, c);
        int[][] shapes = entry.shapes().draw(new Random(seed));
        int form = c % FORMS;
        int[][] leaves = form < Layout.values().length ? shapes : expandedLeafShapes(shapes, seed);
        return entry.label() + " case " + c + " on " + device.name() + " (seed " + seed + "): shapes "
                + Arrays.deepToString(shapes)
                + ", layout " + formName(form, shapes, leaves);
    }

    static String formName(int form, int[][] shapes, int[][] leaves) {
        if (form < Layout.values().length) {
            return Layout.values()[form].toString();
        }
        return Arrays.deepEquals(shapes, leaves) ? "EXPANDED (nothing to expand: CONTIGUOUS)"
                : "EXPANDED (leaves " + Arrays.deepToString(leaves) + ")";
    }

    /** For each input, its shape with one randomly chosen dim of size &gt; 1 set to 1 (unchanged if there is none). */
    static int[][] expandedLeafShapes(int[][] shapes, long seed) {
        Random r = new Random(seed ^ 0xE7L);
        int[][] leaves = new int[shapes.length][];
        for (int i = 0; i < shapes.length; i++) {
            int[] shape = shapes[i];
            leaves[i] = shape.clone();
            int[] wide = IntStream.range(0, shape.length).filter(d -> shape[d] > 1).toArray();
            if (wide.length > 0) {
                leaves[i][wide[r.nextInt(wide.length)]] = 1;
            }
        }
        return leaves;
    }

    /**
     * Runs every check on one case. {@code leaves} are the shapes of the gradchecked inputs: the op's shapes, or for
     * EXPANDED the shapes that the function expands (stride 0) to the op's shapes.
     */
    static void check(OpCatalogue.Entry entry, long seed, int[][] shapes, int[][] leaves, Layout layout,
                      boolean secondOrder) {
        Random r = new Random(seed ^ 0x5DEECE66DL);
        Input[] inputs = new Input[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            inputs[i] = Input.of("x" + i, leaves[i], safeValues(entry, r, leaves[i]));
        }
        TensorFunction function = Arrays.deepEquals(shapes, leaves) ? entry.function()
                : in -> entry.function().apply(expandTo(in, shapes));
        TensorGradCheck f = TensorGradCheck.of(function, leaves).layout(layout);

        // 1. the expression runs the op, and 4. gradients have the inputs' shapes
        Tensor[] x = f.tensors(values(inputs), true);
        Tensor y = function.apply(x);
        assertThat(y.gradFn()).as("%s must record a grad_fn", entry.label()).isNotNull();
        if (entry.endsInOp()) {
            assertThat(y.gradFn().opName()).as("the op that made the output").isEqualTo(entry.op());
        } else {
            assertThat(opsInGraph(y.gradFn())).as("the ops in the graph of %s", entry.label()).contains(entry.op());
        }
        y.backward(Tensor.onesLike(y));
        for (int i = 0; i < x.length; i++) {
            assertThat(x[i].grad()).as("grad of input %d", i).isNotNull();
            assertThat(x[i].grad().shape()).as("grad shape of input %d of %s", i, entry.label())
                    .containsExactly(leaves[i]);
        }

        // 2. forward values against the plain reference, on the same (non-contiguous) inputs
        Nd[] plain = new Nd[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            plain[i] = PlainReference.broadcastTo(new Nd(leaves[i], inputs[i].values()), shapes[i]);
        }
        try (var g = Tensor.noGrad()) {
            assertMatchesReference(entry.label(), function.apply(f.tensors(values(inputs), false)),
                    entry.reference().apply(plain));
        }

        // 3. gradcheck
        GradCheckOptions options = GradCheckOptions.defaults().seed(seed).eps(entry.eps());
        GradCheck.assertCorrect(f, options, inputs);

        // 5. float32 agrees with float64
        Tensor[] x32 = f.tensors(values(inputs), false, DType.FLOAT32);   // float32, in the case's layout
        Tensor[] x64 = f.tensors(values(inputs), false);
        try (var g = Tensor.noGrad()) {
            Tensor y32 = function.apply(x32);
            Tensor y64 = function.apply(x64);
            assertThat(y32.to(DType.FLOAT64).allClose(y64, 1e-4, 1e-5))
                    .as("float32 %s vs float64 %s", y32, y64).isTrue();
        }

        // 6. second order
        if (secondOrder && entry.eps() == 1e-6) {
            GradCheck.assertGradGradCorrect(f, options, inputs);
        }
    }

    /** Same shape, and every value within {@link #REFERENCE_TOLERANCE} relative (NaN where the reference has NaN). */
    static void assertMatchesReference(String label, Tensor actual, Nd expected) {
        assertThat(actual.shape()).as("%s forward shape vs reference", label).containsExactly(expected.shape());
        double[] got = actual.to(DType.FLOAT64).toDoubleArray();
        double[] want = expected.values();
        for (int j = 0; j < want.length; j++) {
            boolean ok = Double.isNaN(want[j]) ? Double.isNaN(got[j])
                    : Math.abs(got[j] - want[j]) <= REFERENCE_TOLERANCE * Math.max(1, Math.abs(want[j]));
            if (!ok) {
                throw new AssertionError(label + " forward differs from the plain reference at row-major element " + j
                        + " of shape " + Arrays.toString(expected.shape()) + ": got " + got[j] + ", expected "
                        + want[j] + "\n  forward:   " + Arrays.toString(got) + "\n  reference: "
                        + Arrays.toString(want));
            }
        }
    }

    static Tensor[] expandTo(Tensor[] in, int[][] shapes) {
        Tensor[] out = new Tensor[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Arrays.equals(in[i].shape(), shapes[i]) ? in[i] : in[i].expand(shapes[i]);
        }
        return out;
    }

    /** The op names of every node reachable from fn (fn's own included). */
    static Set<String> opsInGraph(Function fn) {
        Set<String> names = new TreeSet<>();
        Deque<Function> todo = new ArrayDeque<>(List.of(fn));
        while (!todo.isEmpty()) {
            Function f = todo.pop();
            if (names.add(f.opName())) {
                for (Edge e : f.nextEdges()) {
                    if (e != null && e.function() != null) {
                        todo.push(e.function());
                    }
                }
            }
        }
        return names;
    }

    /** The case name quoted in part2's README, and replaying a case by label and number. */
    @Test
    void aCaseNameSaysHowToReplayIt() {
        assertThat(caseName(OpCatalogue.entry("Mul"), 17, CpuDevice.INSTANCE))
                .isEqualTo("Mul case 17 on cpu (seed 94732): shapes [[1, 5, 4], [1, 1, 1]], layout NARROWED");
        runCase(OpCatalogue.entry("Mul"), 17, CpuDevice.INSTANCE);
        runCase(OpCatalogue.entry("Matmul[1-D x 2-D]"), 6, ReferenceDevice.INSTANCE);
    }

    /**
     * The README's claim for check 2: a forward that is wrong but consistent with its own backward (Abs returning
     * |x| + 0.5) passes gradcheck, and only the plain reference catches it, in every one of its cases and layouts.
     */
    @Test
    void theReferenceCatchesAWrongForwardThatGradcheckCannotSee() {
        OpCatalogue.Entry abs = OpCatalogue.entry("Abs");
        OpCatalogue.Entry wrong = new OpCatalogue.Entry("Abs[forward + 0.5]", "Abs", abs.shapes(), abs.low(),
                abs.high(), abs.kinks(), in -> in[0].abs().add(0.5), abs.reference(), abs.eps());
        for (int c = 0; c < FORMS; c++) {
            long seed = seed(wrong, c);
            int[] shape = wrong.shapes().draw(new Random(seed))[0];
            Input x = Input.of("x0", shape, safeValues(wrong, new Random(seed), shape));
            Layout layout = Layout.values()[c % Layout.values().length];
            GradCheck.assertCorrect(TensorGradCheck.of(wrong.function(), shape).layout(layout), x);
            int replay = c;
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> runCase(wrong, replay, CpuDevice.INSTANCE))
                    .as("case %d", c).hasMessageContaining("forward differs from the plain reference");
        }
    }

    /** The entries whose two inputs are a broadcast pair. */
    static final Set<String> BINARY = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Maximum", "Minimum", "Where");

    /** The generator really produces the broadcast forms the issue asks for, for every binary op's 100 cases. */
    @Test
    void everyBinaryOpIsCheckedOnEveryBroadcastForm() {
        List<OpCatalogue.Entry> binary = OpCatalogue.entries().stream()
                .filter(e -> BINARY.contains(e.label())).toList();
        assertThat(binary).hasSize(BINARY.size());
        for (OpCatalogue.Entry entry : binary) {
            boolean bothSides = false;
            boolean scalarWithRankFour = false;
            boolean leadingOnes = false;
            for (int c = 0; c < CASES; c++) {
                int[][] p = entry.shapes().draw(new Random(seed(entry, c)));
                bothSides |= broadcastsInto(p[0], p[1]) && broadcastsInto(p[1], p[0]);
                scalarWithRankFour |= Math.min(p[0].length, p[1].length) == 0
                        && Math.max(p[0].length, p[1].length) == 4;
                leadingOnes |= hasExtraLeadingOnes(p[0], p[1]) || hasExtraLeadingOnes(p[1], p[0]);
            }
            assertThat(bothSides).as("%s: a case where both sides broadcast ([3, 1] with [1, 4])", entry.label())
                    .isTrue();
            assertThat(scalarWithRankFour).as("%s: a rank-0 with rank-4 case", entry.label()).isTrue();
            assertThat(leadingOnes).as("%s: a case with extra leading 1s", entry.label()).isTrue();
        }
    }

    /** Whether a has a size-1 dim (right-aligned) where b's is larger. */
    private static boolean broadcastsInto(int[] a, int[] b) {
        for (int i = 1; i <= Math.min(a.length, b.length); i++) {
            if (a[a.length - i] == 1 && b[b.length - i] > 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasExtraLeadingOnes(int[] a, int[] b) {
        return a.length > b.length && b.length > 0
                && Arrays.stream(a, 0, a.length - b.length).allMatch(d -> d == 1);
    }

    /** EXPANDED is not a no-op: for every entry, most of its EXPANDED cases have a leaf to expand. */
    @Test
    void expandedCasesReallyHaveStrideZeroInputs() {
        for (OpCatalogue.Entry entry : OpCatalogue.entries()) {
            int expanded = 0;
            int total = 0;
            for (int c = FORMS - 1; c < CASES; c += FORMS) {
                long seed = seed(entry, c);
                int[][] shapes = entry.shapes().draw(new Random(seed));
                int[][] leaves = expandedLeafShapes(shapes, seed);
                total++;
                if (!Arrays.deepEquals(shapes, leaves)) {
                    expanded++;
                    Tensor[] x = new Tensor[leaves.length];
                    for (int i = 0; i < leaves.length; i++) {
                        x[i] = Tensor.zeros(leaves[i]);
                    }
                    Tensor[] seen = expandTo(x, shapes);
                    assertThat(Arrays.stream(seen).anyMatch(t -> Arrays.stream(t.strides()).anyMatch(st -> st == 0)))
                            .as("%s case %d: some input the op sees has stride 0", entry.label(), c).isTrue();
                }
            }
            assertThat(expanded).as("%s: EXPANDED cases with something to expand, of %d", entry.label(), total)
                    .isGreaterThanOrEqualTo(total / 2);
        }
    }

    /** Uniform in [low, high), redrawn while within 0.01 of a kink. */
    static double[] safeValues(OpCatalogue.Entry entry, Random r, int[] shape) {
        double[] v = new double[PlainReference.numel(shape)];
        for (int j = 0; j < v.length; j++) {
            boolean nearKink;
            do {
                v[j] = entry.low() + (entry.high() - entry.low()) * r.nextDouble();
                nearKink = false;
                for (double k : entry.kinks()) {
                    nearKink |= Math.abs(v[j] - k) < 0.01;
                }
            } while (nearKink);
        }
        return v;
    }

    private static double[][] values(Input[] inputs) {
        return Arrays.stream(inputs).map(Input::values).toArray(double[][]::new);
    }
}
