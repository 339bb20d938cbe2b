package gradlab.mnist.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.Kernel;
import gradlab.tensor.DType;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;
import gradlab.tensor.device.Storage;
import gradlab.tensor.device.Strided;

/** Shared helpers of the OpenCL tests: the device (or a skip saying why), paired operands, tolerant comparison. */
final class OpenClTesting {
    private OpenClTesting() {
    }

    static final String NO_OPENCL = "no OpenCL platform on this machine, so the OpenCL tests cannot run: install an"
            + " OpenCL driver (Debian: apt-get install ocl-icd-libopencl1 pocl-opencl-icd, as .ci/run does) and check"
            + " with `clinfo -l`";

    /** The OpenCL device, or the calling test is skipped (only) because no OpenCL platform exists. */
    static OpenClDevice device() {
        assumeTrue(OpenClDevice.available(), NO_OPENCL);
        return OpenClDevice.open();
    }

    /** The same values on the OpenCL device and on the reference device. */
    record Pair(Strided cl, Strided ref) {
    }

    static Pair compact(OpenClDevice cl, DType dtype, int[] shape, double[] values) {
        return strided(cl, dtype, values, shape, contiguousStrides(shape), 0);
    }

    /** A view (shape, strides, offset) of a storage holding {@code storage} on both devices. */
    static Pair strided(OpenClDevice cl, DType dtype, double[] storage, int[] shape, int[] strides, int offset) {
        Storage c = cl.fromDoubles(dtype, storage);
        Storage r = ReferenceDevice.INSTANCE.fromDoubles(dtype, storage);
        return new Pair(new Strided(c, shape, strides, offset), new Strided(r, shape, strides, offset));
    }

    /** A zero-filled compact output on both devices. */
    static Pair zeros(OpenClDevice cl, DType dtype, int[] shape) {
        int n = numel(shape);
        return compact(cl, dtype, shape, new double[n]);
    }

    /** Every element of a whole storage (not just a view), as doubles. */
    static double[] storageValues(Device device, Strided s) {
        int size = s.storage().size();
        return device.toDoubles(new Strided(s.storage(), new int[] {size}, new int[] {1}, 0));
    }

    /**
     * Asserts that OpenCL and the reference agree elementwise: NaN matches NaN, infinities match exactly, other values
     * within {@code tol} relative (absolute below 1). The first line of a failure names the case, the element and
     * both values.
     */
    static void assertClose(String label, double[] actual, double[] expected, double tol) {
        if (actual.length != expected.length) {
            fail(label + ": OpenCL gave " + actual.length + " elements, the reference " + expected.length);
        }
        for (int i = 0; i < actual.length; i++) {
            double a = actual[i];
            double e = expected[i];
            boolean ok = Double.isNaN(e) ? Double.isNaN(a)
                    : Double.isInfinite(e) ? a == e
                    : Math.abs(a - e) <= tol * Math.max(1.0, Math.abs(e));
            if (!ok) {
                fail(label + ": element " + i + " is " + a + " on OpenCL but " + e + " on the reference device"
                        + " (tolerance " + tol + ")");
            }
        }
    }

    /** float32 results agree with the reference's float32 to a few float ulps; float64 to 1e-12. */
    static double tolerance(DType dtype) {
        return dtype == DType.FLOAT32 ? 2e-5 : 1e-12;
    }

    /** How many verified OpenCL launches the kernel class has had on this device. */
    static long launches(OpenClDevice cl, Class<? extends Kernel> kernel) {
        KernelLauncher<?> l = cl.launcherOf(kernel);
        return l == null ? 0 : l.launches();
    }

    /** Asserts that {@code kernel} ran (again) on the OpenCL device since {@code before} launches. */
    static void assertRanOnOpenCl(OpenClDevice cl, Class<? extends Kernel> kernel, long before) {
        KernelLauncher<?> l = cl.launcherOf(kernel);
        assertTrue(l != null && l.launches() > before, kernel.getSimpleName() + " did not run on OpenCL");
        assertTrue(l.kernel.getTargetDevice() == cl.openClDevice(), kernel.getSimpleName() + " ran on "
                + l.kernel.getTargetDevice() + ", not on " + cl.describe());
    }

    static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return strides;
    }
}
