package gradlab.exercises.support;

import com.aparapi.Config;
import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.JavaDevice;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import gradlab.mnist.opencl.OpenClDevice;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs an exercise's Aparapi kernel on the OpenCL device and proves that OpenCL ran it. Aparapi's habit is to fall
 * back quietly to a Java thread pool when it cannot translate a kernel (for instance one whose {@code run()} throws,
 * or calls {@code Math}); a kernel run that way fails here, with Aparapi's reason.
 */
public final class OpenClRun {
    /** Work items per work-group (part 5's kernels use 128; tests use sizes that are not a multiple of it). */
    public static final int GROUP = 64;

    public static final String NO_OPENCL = "no OpenCL platform on this machine, so the ex5.2 kernel tests cannot run:"
            + " install an OpenCL driver (Debian: apt-get install ocl-icd-libopencl1 pocl-opencl-icd) and check with"
            + " `clinfo -l`";

    /**
     * Why a kernel that OpenCL could not run fails as plain Java too, e.g. "TODO ex5.2: ..." for the untouched stub:
     * runs one work item in Aparapi's sequential Java device (the kernel is not used again) and reports what run()
     * threw, or "" if it threw nothing.
     */
    private static String javaFailure(Kernel kernel) {
        try {
            KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(JavaDevice.SEQUENTIAL)));
            kernel.execute(Range.create(JavaDevice.SEQUENTIAL, 1, 1));
            return "";
        } catch (RuntimeException | Error e) {
            Throwable t = e;
            while (t.getCause() != null && !(t instanceof UnsupportedOperationException)) {
                t = t.getCause();
            }
            return t.getMessage() != null && t.getMessage().startsWith("TODO ") ? t.getMessage() + "; "
                    : "run() throws " + t + " in Java; ";
        }
    }

    private static final String TRANSLATE = " (Aparapi translates run() to OpenCL C: it must hold only"
            + " arithmetic on fields, arrays and locals, ifs and loops; no new, no exceptions, no Math, no recursion)";

    /** Aparapi's last "Device failed for K" warning per kernel class: the reason it gave up on OpenCL. */
    private static final Map<String, String> REASON = new ConcurrentHashMap<>();

    static {
        Logger.getLogger(Config.getLoggerName()).addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String m = record.getMessage();
                if (record.getLevel().intValue() >= Level.WARNING.intValue() && m != null
                        && m.startsWith("Device failed for ")) {
                    REASON.put(m.substring("Device failed for ".length()).split("[,:]", 2)[0].trim(), m);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private OpenClRun() {
    }

    /** The OpenCL device, or the calling test is skipped, saying why, only when no OpenCL platform exists. */
    public static OpenCLDevice device() {
        Assumptions.assumeTrue(OpenClDevice.available(), NO_OPENCL);
        return OpenClDevice.open().openClDevice();
    }

    /**
     * Runs {@code kernel} over n work items (the global size rounded up to whole groups of {@link #GROUP}) on the
     * OpenCL device only, then checks that the device really ran it.
     *
     * @throws AssertionError whose first line starts with {@code label} when the kernel did not run on OpenCL
     */
    public static void run(String label, Kernel kernel, int n) {
        OpenCLDevice device = device();
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
        int global = Math.max(1, (n + GROUP - 1) / GROUP) * GROUP;
        String name = kernel.getClass().getSimpleName();
        REASON.remove(name);
        try {
            kernel.execute(Range.create(device, global, GROUP));
        } catch (RuntimeException | Error e) {
            throw new AssertionError(label + ": " + javaFailure(kernel) + name + " did not run on OpenCL ("
                    + device.getShortDescription() + "): " + REASON.getOrDefault(name, e.toString()) + TRANSLATE, e);
        }
        Device target = kernel.getTargetDevice();
        boolean failed = KernelManager.instance().getPreferences(kernel).getFailedDevices().contains(device);
        if (target != device || failed) {
            throw new AssertionError(label + ": " + javaFailure(kernel) + name + " did not run on OpenCL ("
                    + device.getShortDescription() + ") but on " + (target == null ? "Aparapi's Java thread pool" : target.getShortDescription())
                    + ": " + REASON.getOrDefault(name, "no reason logged") + TRANSLATE);
        }
    }
}
