package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import gradlab.tensor.autograd.Edge;
import gradlab.tensor.autograd.Function;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Devices and dtypes as first-class citizens: creation, moving, mixing, and what an op's forward records. */
class DevicesTest {
    static final Device REF = ReferenceDevice.INSTANCE;
    static final Device CPU = CpuDevice.INSTANCE;

    @Test
    void factoriesCreateOnTheDefaultsOrOnTheNamedDeviceAndDType() {
        assertThat(Tensor.zeros(2).device()).isSameAs(CPU);
        assertThat(Tensor.zeros(2).dtype()).isEqualTo(DType.FLOAT64);
        try (var d = Tensor.usingDevice(REF); var t = Tensor.usingDType(DType.FLOAT32)) {
            for (Tensor x : new Tensor[] {Tensor.zeros(2), Tensor.ones(2), Tensor.of(1, 2), Tensor.arange(3),
                    Tensor.eye(2), Tensor.randn(2, 2), Tensor.rand(3), Tensor.scalar(1), Tensor.full(2.5, 2)}) {
                assertThat(x.device()).isSameAs(REF);
                assertThat(x.dtype()).isEqualTo(DType.FLOAT32);
            }
            assertThat(Tensor.defaultDevice()).isSameAs(REF);
        }
        assertThat(Tensor.defaultDevice()).as("the scope restores the defaults").isSameAs(CPU);
        assertThat(Tensor.defaultDType()).isEqualTo(DType.FLOAT64);
        Tensor e = Tensor.on(REF, DType.FLOAT32).eye(3);
        assertThat(e.device()).isSameAs(REF);
        assertThat(e.toDoubleArray()).containsExactly(1, 0, 0, 0, 1, 0, 0, 0, 1);
    }

    @Test
    void mixingDevicesIsOneNamedErrorWithTheFix() {
        Tensor a = Tensor.of(1, 2);
        Tensor b = Tensor.on(REF).of(3, 4);
        assertThatThrownBy(() -> a.add(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Add: expected all tensors on the same device, but found cpu and reference")
                .hasMessageContaining(".to(");
        assertThatThrownBy(() -> a.gt(b)).hasMessageContaining("cpu and reference");
        assertThatThrownBy(() -> a.copyFrom(b)).hasMessageContaining("cpu and reference");
        assertThatThrownBy(() -> a.matmul(b)).hasMessageContaining("cpu and reference");
        assertThat(a.add(b.to(CPU)).toDoubleArray()).containsExactly(4, 6);
    }

    @Test
    void toDeviceIsDifferentiableAndTheGradientComesBackToTheSource() {
        Tensor x = Tensor.of(1, 2, 3).requiresGrad(true);
        Tensor y = x.to(REF);
        assertThat(y.device()).isSameAs(REF);
        assertThat(y.gradFn().name()).isEqualTo("ToCopyBackward");
        y.mul(y).sum().backward();
        assertThat(x.grad().device()).isSameAs(CPU);
        assertThat(x.grad().toDoubleArray()).containsExactly(2, 4, 6);
        assertThat(x.to(CPU)).as("no copy when already there").isSameAs(x);
    }

    @Test
    void aSimpleDeviceComputesOnNonContiguousAndBroadcastOperands() {
        Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        Tensor r = m.to(REF);
        Tensor col = Tensor.of(new double[][] {{10}, {20}});
        assertThat(r.t().add(col.to(REF).t()).toDoubleArray()).containsExactly(m.t().add(col.t()).toDoubleArray());
        assertThat(r.t().matmul(r).toDoubleArray()).containsExactly(m.t().matmul(m).toDoubleArray());
        Tensor target = Tensor.on(REF).zeros(3, 2);
        try (var g = Tensor.noGrad()) {
            target.t().addInPlace(r); // an in-place write through a transposed view
        }
        assertThat(target.toDoubleArray()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    /** An op whose forward is built from tensor ops, as a student might write one. */
    static final class SquareFromOps extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return in[0].mul(in[0]);
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            throw new AssertionError("not called");
        }
    }

    /** An op whose forward returns its input. */
    static final class Identity extends Function {
        @Override
        protected Tensor forward(Tensor... in) {
            return in[0];
        }

        @Override
        protected Tensor[] backward(Tensor g) {
            return new Tensor[] {g};
        }
    }

    @Test
    void forwardRecordsNothingOfItsOwn() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        Tensor y = new SquareFromOps().apply(x);
        assertThat(y.gradFn().name()).isEqualTo("SquareFromOpsBackward");
        Edge edge = y.gradFn().nextEdges().get(0);
        assertThat(edge.function()).as("x's edge leads straight to the leaf, not to a MulBackward").isNull();
        assertThat(edge.leaf()).isSameAs(x);
    }

    @Test
    void aForwardThatReturnsItsInputNeverReparentsTheCallersTensor() {
        Tensor x = Tensor.of(1, 2).requiresGrad(true);
        Tensor y = new Identity().apply(x);
        assertThat(y).isNotSameAs(x);
        assertThat(x.isLeaf()).isTrue();
        assertThat(y.gradFn().name()).isEqualTo("IdentityBackward");
        assertThat(y.sharesStorageWith(x)).isTrue();
        y.sum().backward();
        assertThat(x.grad().toDoubleArray()).containsExactly(1, 1);
    }

    @Test
    void randnTakesAShapeAsPyTorchDoesAndManualSeedGovernsIt() {
        assertThat(Tensor.randn(3, 4).shape()).containsExactly(3, 4);
        assertThat(Tensor.rand(5).shape()).containsExactly(5);
        Tensor.manualSeed(42);
        double[] a = Tensor.randn(3, 4).toDoubleArray();
        Tensor.manualSeed(42);
        assertThat(Tensor.randn(3, 4).toDoubleArray()).containsExactly(a);
        assertThat(Tensor.randn(new Generator(42), 3, 4).toDoubleArray()).containsExactly(a);
    }

    @Test
    void aGeneratorDrawsJavaUtilRandomsNumbersAndItsStateReplaysThem() {
        Generator g = new Generator(123);
        Random r = new Random(123);
        for (int i = 0; i < 1000; i++) {
            assertThat(g.nextGaussian()).isEqualTo(r.nextGaussian());
            assertThat(g.nextDouble()).isEqualTo(r.nextDouble());
            assertThat(g.nextInt(10)).isEqualTo(r.nextInt(10));
        }
        g.nextGaussian(); // leaves a spare Gaussian waiting: the state must hold it too
        Generator.State s = g.getState();
        double[] expected = {g.nextGaussian(), g.nextGaussian(), g.nextDouble()};
        g.setState(s);
        assertThat(new double[] {g.nextGaussian(), g.nextGaussian(), g.nextDouble()}).containsExactly(expected);
        assertThatThrownBy(() -> g.setState(null)).hasMessageContaining("getState()");
    }

    @Test
    void shapesThatOverflowAnIntAreRefusedBeforeAnyAllocation() {
        assertThatThrownBy(() -> Tensor.zeros(65536, 65536)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[65536, 65536]").hasMessageContaining("limit");
        assertThatThrownBy(() -> Tensor.zeros(0).reshape(65536, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Tensor.zeros(2, -1)).hasMessageContaining("negative");
        assertThat(Tensor.zeros(100000, 100000, 0).numel()).isZero();
    }

    @Test
    void setGradRefusesAnotherDTypeOrDevice() {
        Tensor x = Tensor.zeros(2).requiresGrad(true);
        assertThatThrownBy(() -> x.setGrad(Tensor.zeros(DType.FLOAT32, 2))).hasMessageContaining("float32");
        assertThatThrownBy(() -> x.setGrad(Tensor.on(REF).zeros(2))).hasMessageContaining("reference");
    }

    /** float64 added into float32 in place rounds once on every device (PyTorch: 1 + 2^-23 here). */
    @Test
    void anInPlaceWriteOfAWiderDTypeRoundsOnceOnEveryDevice() {
        double small = Math.pow(2, -24) + Math.pow(2, -50);
        for (Device device : new Device[] {CPU, REF}) {
            Tensor x = Tensor.on(device, DType.FLOAT32).of(1.0);
            x.addInPlace(Tensor.on(device, DType.FLOAT64).of(small));
            assertThat(x.item()).as(device.name()).isEqualTo(1 + Math.pow(2, -23));
        }
    }
}
