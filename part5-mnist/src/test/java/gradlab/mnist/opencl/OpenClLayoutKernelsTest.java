package gradlab.mnist.opencl;

import static gradlab.mnist.opencl.OpenClTesting.assertClose;
import static gradlab.mnist.opencl.OpenClTesting.assertRanOnOpenCl;
import static gradlab.mnist.opencl.OpenClTesting.launches;
import static gradlab.mnist.opencl.OpenClTesting.storageValues;
import static gradlab.mnist.opencl.OpenClTesting.strided;
import static gradlab.mnist.opencl.OpenClTesting.zeros;

import com.aparapi.Kernel;
import gradlab.mnist.opencl.OpenClTesting.Pair;
import gradlab.tensor.DType;
import gradlab.tensor.device.ReferenceDevice;
import gradlab.tensor.device.Strided;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The layout kernels, copy and fill, against the reference device on strided views: permuted, stepped, offset,
 * broadcast (stride 0), rank 0, empty, sizes off the work-group size, and a copy between overlapping views of one
 * storage. The whole storage is compared, so an element outside the view that was overwritten is caught too.
 */
class OpenClLayoutKernelsTest {
    static final ReferenceDevice REF = ReferenceDevice.INSTANCE;
    static OpenClDevice cl;

    @BeforeAll
    static void openDevice() {
        cl = OpenClTesting.device();
    }

    /** A view: storage size, shape, strides, offset. */
    record View(String name, int size, int[] shape, int[] strides, int offset) {
        @Override
        public String toString() {
            return name + " " + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
        }
    }

    static final View[] SOURCES = {
        new View("contiguous", 12, new int[] {3, 4}, new int[] {4, 1}, 0),
        new View("transposed", 12, new int[] {4, 3}, new int[] {1, 4}, 0),
        new View("broadcast", 6, new int[] {5, 6}, new int[] {0, 1}, 0),
        new View("stepped", 300, new int[] {129}, new int[] {2}, 7),
        new View("permuted 3-D", 60, new int[] {5, 3, 4}, new int[] {1, 20, 5}, 0),
        new View("scalar", 10, new int[] {}, new int[] {}, 3),
        new View("empty", 4, new int[] {0, 4}, new int[] {4, 1}, 0),
    };

    static List<DType> dtypes() {
        return cl.supports(DType.FLOAT64) ? List.of(DType.FLOAT32, DType.FLOAT64) : List.of(DType.FLOAT32);
    }

    static double[] uniform(Random r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() * 2 - 1;
        }
        return v;
    }

    static Class<? extends Kernel> kernel(DType dtype, Class<? extends Kernel> f32, Class<? extends Kernel> f64) {
        return dtype == DType.FLOAT32 ? f32 : f64;
    }

    @TestFactory
    Stream<DynamicTest> copyFromAStridedView() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (View v : SOURCES) {
                long seed = 7000L + v.size();
                String label = "copy " + dtype + " from " + v + " into contiguous, seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Random r = new Random(seed);
                    Pair src = strided(cl, dtype, uniform(r, v.size()), v.shape(), v.strides(), v.offset());
                    Pair dst = zeros(cl, dtype, v.shape());
                    long before = launches(cl, kernel(dtype, CopyFloatKernel.class, CopyDoubleKernel.class));
                    cl.copy(src.cl(), dst.cl());
                    REF.copy(src.ref(), dst.ref());
                    assertClose(label, storageValues(cl, dst.cl()), storageValues(REF, dst.ref()), 0);
                    if (OpenClTesting.numel(v.shape()) > 0) {
                        assertRanOnOpenCl(cl, kernel(dtype, CopyFloatKernel.class, CopyDoubleKernel.class), before);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> copyIntoAStridedView() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (View v : SOURCES) {
                if (v.name().equals("broadcast")) {
                    continue; // writing through a stride-0 view has no defined result
                }
                long seed = 8000L + v.size();
                String label = "copy " + dtype + " from contiguous into " + v + ", seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Random r = new Random(seed);
                    int n = OpenClTesting.numel(v.shape());
                    Pair src = OpenClTesting.compact(cl, dtype, v.shape(), uniform(r, n));
                    Pair dst = strided(cl, dtype, uniform(r, v.size()), v.shape(), v.strides(), v.offset());
                    cl.copy(src.cl(), dst.cl());
                    REF.copy(src.ref(), dst.ref());
                    // the elements of the storage outside the view keep their values
                    assertClose(label, storageValues(cl, dst.cl()), storageValues(REF, dst.ref()), 0);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> fillAStridedView() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            for (View v : SOURCES) {
                if (v.name().equals("broadcast")) {
                    continue;
                }
                long seed = 9000L + v.size();
                String label = "fill " + dtype + " " + v + " with 0.1, seed=" + seed;
                tests.add(DynamicTest.dynamicTest(label, () -> {
                    Pair dst = strided(cl, dtype, uniform(new Random(seed), v.size()), v.shape(), v.strides(),
                            v.offset());
                    long before = launches(cl, kernel(dtype, FillFloatKernel.class, FillDoubleKernel.class));
                    cl.fill(dst.cl(), 0.1);
                    REF.fill(dst.ref(), 0.1);
                    assertClose(label, storageValues(cl, dst.cl()), storageValues(REF, dst.ref()), 0);
                    if (OpenClTesting.numel(v.shape()) > 0) {
                        assertRanOnOpenCl(cl, kernel(dtype, FillFloatKernel.class, FillDoubleKernel.class), before);
                    }
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> copyBetweenOverlappingViewsOfOneStorage() {
        List<DynamicTest> tests = new ArrayList<>();
        for (DType dtype : dtypes()) {
            String label = "copy " + dtype + " x[1:130] = x[0:129] in one storage of 130, seed=11";
            tests.add(DynamicTest.dynamicTest(label, () -> {
                double[] values = uniform(new Random(11), 130);
                Pair src = strided(cl, dtype, values, new int[] {129}, new int[] {1}, 0);
                Strided dstCl = new Strided(src.cl().storage(), new int[] {129}, new int[] {1}, 1);
                Strided dstRef = new Strided(src.ref().storage(), new int[] {129}, new int[] {1}, 1);
                cl.copy(src.cl(), dstCl);
                REF.copy(src.ref(), dstRef);
                assertClose(label, storageValues(cl, dstCl), storageValues(REF, dstRef), 0);
            }));
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> copyBetweenDTypes() {
        List<DynamicTest> tests = new ArrayList<>();
        if (!cl.supports(DType.FLOAT64)) {
            return tests.stream();
        }
        for (DType from : List.of(DType.FLOAT32, DType.FLOAT64)) {
            DType to = from == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
            String label = "copy " + from + " transposed into " + to + " contiguous, seed=12";
            tests.add(DynamicTest.dynamicTest(label, () -> {
                double[] values = uniform(new Random(12), 12);
                Pair src = strided(cl, from, values, new int[] {4, 3}, new int[] {1, 4}, 0);
                Pair dst = zeros(cl, to, new int[] {4, 3});
                cl.copy(src.cl(), dst.cl());
                REF.copy(src.ref(), dst.ref());
                assertClose(label, storageValues(cl, dst.cl()), storageValues(REF, dst.ref()), 0);
            }));
        }
        return tests.stream();
    }
}
