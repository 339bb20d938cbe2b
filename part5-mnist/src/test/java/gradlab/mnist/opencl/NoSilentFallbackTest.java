package gradlab.mnist.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.JavaDevice;
import com.aparapi.internal.kernel.KernelManager;
import gradlab.tensor.DType;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Strided;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Aparapi's habit is to fall back to its Java thread pool with no more than a logged warning. These tests make it do
 * so and check that the launcher stops with an error naming the kernel and the reason; they also check how a device is
 * chosen and named.
 */
class NoSilentFallbackTest {
    static OpenClDevice cl;

    @BeforeAll
    static void openDevice() {
        cl = OpenClTesting.device();
    }

    /** A kernel Aparapi cannot translate to OpenCL (it refuses recursion), so it would run it in Java instead. */
    public static final class RecursiveKernel extends Kernel {
        float[] out = new float[8];
        int n = 8;

        float factorial(int x) {
            return x <= 1 ? 1.0f : x * factorial(x - 1);
        }

        @Override
        public void run() {
            int i = getGlobalId();
            if (i < n) {
                out[i] = factorial(i);
            }
        }
    }

    /** A correct kernel: out[i] = 2 in[i]. */
    public static final class DoubleItKernel extends Kernel {
        float[] in = new float[8];
        float[] out = new float[8];
        int n = 8;

        @Override
        public void run() {
            int i = getGlobalId();
            if (i < n) {
                out[i] = 2.0f * in[i];
            }
        }
    }

    @Test
    void aKernelThatFailsToCompileIsAnErrorNamingItAndTheReason() {
        KernelLauncher<RecursiveKernel> l = new KernelLauncher<>(new RecursiveKernel(), cl.openClDevice());
        assertThatThrownBy(() -> l.launch(l.range1D(8, 8)))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("RecursiveKernel")
                .hasMessageContaining("recursion");
        // and it stays an error: the kernel is never run in Java on a later call either
        assertThatThrownBy(() -> l.launch(l.range1D(8, 8)))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("RecursiveKernel");
    }

    @Test
    void aKernelForcedIntoAparapisThreadPoolIsAnError() {
        DoubleItKernel kernel = new DoubleItKernel();
        KernelLauncher<DoubleItKernel> l = new KernelLauncher<>(kernel, cl.openClDevice());
        l.launch(l.range1D(8, 8)); // runs on OpenCL first
        assertThat(l.launches()).isEqualTo(1);

        // now Aparapi prefers its Java thread pool for this kernel class, and a plain execute runs there silently
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(JavaDevice.THREAD_POOL)));
        kernel.in[3] = 1.5f;
        kernel.execute(Range.create(8));
        assertThat(kernel.out[3]).as("Aparapi's thread pool did run it").isEqualTo(3.0f);
        assertThatThrownBy(l::verifyRanOnOpenCl)
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("DoubleItKernel")
                .hasMessageContaining("Java Thread Pool")
                .hasMessageContaining("never falls back");
        // and a launch through the launcher refuses to run it there
        assertThatThrownBy(() -> l.launch(l.range1D(8, 8)))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("DoubleItKernel");
        assertThat(l.launches()).isEqualTo(1);
    }

    @Test
    void selectPicksTheDeviceTheCliAsksFor() {
        assertThat(OpenClDevice.select("cpu")).isSameAs(CpuDevice.INSTANCE);
        assertThat(OpenClDevice.select("OpenCL")).isSameAs(cl);
        boolean hasGpu = OpenClDevice.openClDevices().stream()
                .anyMatch(d -> d.getType() == com.aparapi.device.Device.TYPE.GPU);
        assertThat(OpenClDevice.select("auto")).isSameAs(hasGpu ? OpenClDevice.open() : CpuDevice.INSTANCE);
        assertThatThrownBy(() -> OpenClDevice.select("gpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--device: unknown device 'gpu'")
                .hasMessageContaining("auto").hasMessageContaining("opencl").hasMessageContaining("cpu");
    }

    @Test
    void describeNamesThePlatformAndDeviceThatRunTheKernels() {
        String platform = cl.openClDevice().getOpenCLPlatform().getName();
        assertThat(cl.describe()).startsWith("OpenCL ").contains(cl.openClDevice().getName()).contains(platform);
        assertThat(cl.name()).isEqualTo("opencl");
        assertThat(OpenClDevice.description(cl)).isEqualTo(cl.describe());
        assertThat(OpenClDevice.description(CpuDevice.INSTANCE)).startsWith("cpu (part 2's CPU device");
        assertThat(cl.takesStrided()).isFalse();
    }

    @Test
    void anInputUnchangedSinceTheLastLaunchIsNotCopiedAgain() {
        OpenClStorage a = (OpenClStorage) cl.fromDoubles(DType.FLOAT32, new double[] {1, 2, 3, 4, 5, 6});
        OpenClStorage b = (OpenClStorage) cl.fromDoubles(DType.FLOAT32, new double[] {1, 0, 0, 1, 1, 1});
        Strided sa = new Strided(a, new int[] {2, 3}, new int[] {3, 1}, 0);
        Strided sb = new Strided(b, new int[] {3, 2}, new int[] {2, 1}, 0);
        Strided out = new Strided(cl.allocate(DType.FLOAT32, 4), new int[] {2, 2}, new int[] {2, 1}, 0);
        cl.matmul(sa, sb, out);
        KernelLauncher<?> l = cl.launcherOf(MatmulFloatKernel.class);
        long puts = l.puts();
        cl.matmul(sa, sb, out);
        assertThat(l.puts()).as("copies for a second product of unchanged inputs").isEqualTo(puts);
        assertThat(cl.toDoubles(out)).containsExactly(1 + 3, 2 + 3, 4 + 6, 5 + 6);
        cl.fill(sb, 2.0); // b changes (on the device), so the next product must copy it
        cl.matmul(sa, sb, out);
        assertThat(l.puts()).isEqualTo(puts + 1);
        assertThat(cl.toDoubles(out)).containsExactly(12, 12, 30, 30);
    }

    @Test
    void float64IsOfferedExactlyWhenTheDeviceRunsDoubleKernels() {
        boolean fp64 = cl.supports(DType.FLOAT64);
        if (fp64) {
            Strided s = new Strided(cl.allocate(DType.FLOAT64, 3), new int[] {3}, new int[] {1}, 0);
            cl.fill(s, 0.1);
            assertThat(cl.toDoubles(s)).containsExactly(0.1, 0.1, 0.1); // not rounded to float
        } else {
            assertThatThrownBy(() -> cl.allocate(DType.FLOAT64, 3)).hasMessageContaining("float64");
        }
    }
}
