package gradlab.mnist.opencl;

import com.aparapi.Config;
import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelManager;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Runs one Aparapi kernel object on one OpenCL device, in explicit mode, and proves that it ran there.
 *
 * <p>A launch is: {@link #input} for every array the kernel reads (copied to the device with {@code Kernel.put} unless
 * the kernel's buffer already holds that storage's current generation), {@link #launch} with a range, then
 * {@link #output} for every array it wrote (copied back with {@code Kernel.get}). After every execute the launcher
 * checks that Aparapi really used the OpenCL device: Aparapi's habit is to log a warning and quietly run the kernel in
 * a Java thread pool instead (which also drops work items of some ranges). Here that is an {@link OpenClException}
 * naming the kernel and Aparapi's reason.
 */
final class KernelLauncher<K extends Kernel> {
    /** Aparapi's last warning about each kernel class (the reason it gave up on a device), by kernel simple name. */
    private static final Map<String, String> LAST_WARNING = new ConcurrentHashMap<>();

    static {
        Logger.getLogger(Config.getLoggerName()).addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (record.getLevel().intValue() >= Level.WARNING.intValue() && message != null
                        && message.startsWith("Device failed for ")) {
                    String kernel = message.substring("Device failed for ".length()).split("[,:]", 2)[0];
                    LAST_WARNING.put(kernel.trim(), message);
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

    final K kernel;
    private final String name;
    private final OpenCLDevice device;
    /** For each input field: which storage array and generation its device buffer holds. */
    private final Map<String, Held> held = new HashMap<>();
    private long puts;
    private long launches;

    private record Held(Object array, long generation) {
    }

    KernelLauncher(K kernel, OpenCLDevice device) {
        this.kernel = kernel;
        this.device = device;
        this.name = kernel.getClass().getSimpleName();
        kernel.setExplicit(true);
        KernelManager.instance().setPreferredDevices(kernel, new LinkedHashSet<>(List.of(device)));
    }

    /** The kernel's name as error messages give it. */
    String name() {
        return name;
    }

    /** How many storage arrays this launcher has copied to the device (the reuse of device copies is tested). */
    long puts() {
        return puts;
    }

    /**
     * Before the next launch, the kernel's field {@code field} (already set to {@code s}'s array) must hold
     * {@code s}'s current data: copies it unless the buffer holds this generation already.
     */
    void input(String field, OpenClStorage s) {
        Held h = held.get(field);
        if (h != null && h.array() == s.array() && h.generation() == s.generation()) {
            return;
        }
        if (s.floats() != null) {
            kernel.put(s.floats());
        } else {
            kernel.put(s.doubles());
        }
        puts++;
        held.put(field, new Held(s.array(), s.generation()));
    }

    /** How many launches ran on the OpenCL device (each one verified). */
    long launches() {
        return launches;
    }

    /** The Aparapi device the launcher runs on. */
    OpenCLDevice device() {
        return device;
    }

    /** A small int array of shapes or strides: copied on every launch. */
    void input(int[] meta) {
        kernel.put(meta);
    }

    /** Runs the kernel over {@code range} and checks that OpenCL ran it. */
    void launch(Range range) {
        checkNotFailed();
        try {
            kernel.execute(range);
        } catch (RuntimeException | AssertionError e) {
            held.clear();
            throw new OpenClException("OpenCL kernel " + name + " failed on " + OpenClDevice.describe(device) + ": "
                    + reason(e.toString()), e);
        }
        verifyRanOnOpenCl();
        launches++;
    }

    /** Copies the kernel's result in {@code s} back to the Java array, which is then the current data. */
    void output(OpenClStorage s) {
        if (s.floats() != null) {
            kernel.get(s.floats());
        } else {
            kernel.get(s.doubles());
        }
        s.written();
    }

    /**
     * Throws unless the last execute ran on this launcher's OpenCL device: Aparapi records a device that failed a
     * kernel (it failed to compile, or to launch) and then prefers the next device, ultimately its Java thread pool.
     */
    void verifyRanOnOpenCl() {
        checkNotFailed();
        Device target = kernel.getTargetDevice();
        if (target != device) {
            held.clear();
            throw new OpenClException("OpenCL kernel " + name + " did not run on " + OpenClDevice.describe(device)
                    + ": Aparapi ran it on " + (target == null ? "its Java thread pool" : target.getShortDescription())
                    + " (" + reason("no reason given") + "); GradLab never falls back silently");
        }
    }

    private void checkNotFailed() {
        if (KernelManager.instance().getPreferences(kernel).getFailedDevices().contains(device)) {
            held.clear();
            throw new OpenClException("OpenCL kernel " + name + " cannot run on " + OpenClDevice.describe(device)
                    + ": " + reason("Aparapi marked the device as failed for this kernel")
                    + "; GradLab never falls back to Aparapi's Java thread pool");
        }
    }

    /** Aparapi's logged reason for giving up on this kernel, if it gave one, else {@code otherwise}. */
    private String reason(String otherwise) {
        String warning = LAST_WARNING.get(name);
        return warning != null ? warning : otherwise;
    }

    /** A 1-D range of at least n work items, rounded up to a multiple of {@code group}. */
    Range range1D(int n, int group) {
        return Range.create(device, roundUp(n, group), group);
    }

    static int roundUp(int n, int group) {
        return Math.max(1, (n + group - 1) / group) * group;
    }
}
