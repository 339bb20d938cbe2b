package gradlab.mnist.opencl;

import gradlab.nn.functional.InvertedDropout;
import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReduceOp;
import gradlab.tensor.device.Strided;
import gradlab.tensor.device.UnaryOp;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Measures the OpenCL device: the cost of one kernel launch (a 1,000-element float32 unary op, inputs unchanged, the
 * result read back) and the float32 matmuls of the MNIST MLP's first layer (128x784 . 784x100 forward, and the two
 * backward products), against part 2's CPU device on the same machine; a sum with the one-item-per-output kernel and
 * with the work-group tree; log-softmax and dropout as one fused kernel and composed from primitives. Medians of
 * repeated calls after a warm-up.
 *
 * <p>Run: {@code ./mvnw -q -pl part5-mnist -am -Popencl-bench compile exec:java} (finishes in about a minute).
 */
public final class OpenClBench {
    private OpenClBench() {
    }

    public static void main(String[] args) {
        if (!OpenClDevice.available()) {
            System.out.println("no OpenCL platform: nothing to measure (install pocl-opencl-icd or a GPU's ICD)");
            return;
        }
        OpenClDevice cl = OpenClDevice.open();
        System.out.println("OpenCL device: " + cl.describe());
        System.out.println("CPU device: part 2's CpuDevice, " + Runtime.getRuntime().availableProcessors() + " cores");

        Strided in = random(cl, new int[] {1000}, 1);
        Strided out = new Strided(cl.allocate(DType.FLOAT32, 1000), new int[] {1000}, new int[] {1}, 0);
        double launch = median(() -> cl.unary(UnaryOp.NEG, 0, in, out), 200, 2000);
        System.out.printf(Locale.ROOT, "launch overhead: %.3f ms per 1,000-element unary kernel (median of 2000)%n",
                launch);

        int[][] products = {{128, 784, 100}, {784, 128, 100}, {128, 100, 784}};
        String[] names = {"forward  x.W^T   ", "backward x^T.g   ", "backward g.W     "};
        for (int p = 0; p < products.length; p++) {
            int n = products[p][0];
            int k = products[p][1];
            int m = products[p][2];
            double flops = 2.0 * n * k * m;
            double onCl = timeMatmul(cl, n, k, m);
            double onCpu = timeMatmul(CpuDevice.INSTANCE, n, k, m);
            System.out.printf(Locale.ROOT, "matmul %s %dx%d . %dx%d float32: OpenCL %.2f ms (%.1f GFLOP/s),"
                    + " CPU device %.2f ms (%.1f GFLOP/s)%n", names[p], n, k, k, m, onCl, flops / onCl / 1e6, onCpu,
                    flops / onCpu / 1e6);
        }
        timeReduce(cl, new int[] {128, 100}, new int[] {1, 100});
        timeReduce(cl, new int[] {512, 100}, new int[] {1, 100});
        timeReduce(cl, new int[] {2048, 100}, new int[] {1, 100});
        timeReduce(cl, new int[] {8192, 10}, new int[] {1, 10});
        timeReduce(cl, new int[] {60000, 10}, new int[] {1, 10});
        timeReduce(cl, new int[] {100, 128}, new int[] {100, 1});
        timeReduce(cl, new int[] {6000, 10}, new int[] {6000, 1});
        timeFused(cl);
        timeFused(CpuDevice.INSTANCE);
    }

    /** A reduction's time with the one-item-per-output kernel and with the work-group tree. */
    private static void timeReduce(OpenClDevice cl, int[] inShape, int[] outShape) {
        Strided in = random(cl, inShape, 4);
        Strided out = new Strided(cl.allocate(DType.FLOAT32, outShape[0] * outShape[1]), outShape,
                new int[] {outShape[1], 1}, 0);
        double simple = median(() -> cl.reduce(ReduceOp.SUM, in, out, false), 20, 100);
        double tree = median(() -> cl.reduce(ReduceOp.SUM, in, out, true), 20, 100);
        Strided cpuIn = random(CpuDevice.INSTANCE, inShape, 4);
        Strided cpuOut = new Strided(CpuDevice.INSTANCE.allocate(DType.FLOAT32, outShape[0] * outShape[1]), outShape,
                new int[] {outShape[1], 1}, 0);
        double cpu = median(() -> CpuDevice.INSTANCE.reduce(ReduceOp.SUM, cpuIn, cpuOut), 20, 100);
        System.out.printf(Locale.ROOT, "sum %s to %s float32: one item per output %.3f ms, work-group tree %.3f ms"
                + " (CPU device %.3f ms)%n", Arrays.toString(inShape),
                Arrays.toString(outShape), simple, tree, cpu);
    }

    /**
     * Log-softmax of the MLP's logits [128, 10] and dropout of a hidden layer [128, 100]: fused against composed, on
     * {@code device}.
     */
    private static void timeFused(Device device) {
        Tensor logits = Tensor.on(device, DType.FLOAT32).randn(new Random(5), 128, 10);
        double fused = median(() -> logits.logSoftmax(1), 300, 300);
        double composed = median(() -> logits.sub(logits.logSumExp(1, true)), 300, 300);
        System.out.printf(Locale.ROOT, "%s: logSoftmax [128, 10] float32: fused kernel %.3f ms, composed from"
                + " primitives %.3f ms%n", device.name(), fused, composed);
        Tensor h = Tensor.on(device, DType.FLOAT32).randn(new Random(6), 128, 100);
        Random r = new Random(7);
        double fusedDropout = median(() -> InvertedDropout.dropout(h, 0.2, true, r), 300, 300);
        double composedDropout = median(() -> h.mul(Tensor.on(device, DType.FLOAT32).rand(r, 128, 100).ge(0.2))
                .mul(1 / 0.8), 300, 300);
        System.out.printf(Locale.ROOT, "%s: dropout [128, 100] float32 (host draws included): fused kernel %.3f ms,"
                + " compare and two multiplies %.3f ms%n", device.name(), fusedDropout, composedDropout);
    }

    private static double timeMatmul(Device device, int n, int k, int m) {
        Strided a = random(device, new int[] {n, k}, 2);
        Strided b = random(device, new int[] {k, m}, 3);
        Strided c = new Strided(device.allocate(DType.FLOAT32, n * m), new int[] {n, m}, new int[] {m, 1}, 0);
        return median(() -> device.matmul(a, b, c), 5, 30);
    }

    private static Strided random(Device device, int[] shape, long seed) {
        Random r = new Random(seed);
        int size = Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            values[i] = r.nextGaussian();
        }
        int[] strides = shape.length == 1 ? new int[] {1} : new int[] {shape[1], 1};
        return new Strided(device.fromDoubles(DType.FLOAT32, values), shape, strides, 0);
    }

    /** Median milliseconds of {@code runs} calls after {@code warmup} unmeasured ones. */
    private static double median(Runnable call, int warmup, int runs) {
        for (int i = 0; i < warmup; i++) {
            call.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[runs / 2];
    }
}
