package gradlab.mnist;

import gradlab.mnist.opencl.OpenClDevice;
import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;
import gradlab.tensor.device.ReferenceDevice;

/**
 * The one place {@code --device} is turned into a part 2 {@link Device}:
 * <ul>
 *   <li>{@code cpu}: the CPU device (strided kernels, matmul split over the cores);</li>
 *   <li>{@code reference}: the readable reference device (slow; for checking);</li>
 *   <li>{@code opencl}: the Aparapi OpenCL device ({@link OpenClDevice}): a GPU if OpenCL has one, else an OpenCL
 *       CPU device such as pocl; an error, saying how to install a driver, when OpenCL has no device;</li>
 *   <li>{@code auto}: an OpenCL GPU when there is one, else the CPU device, and the run says which.</li>
 * </ul>
 * Never a silent fallback: asking for {@code opencl} on a machine without it is an error, and every kernel launch
 * checks that OpenCL really ran it.
 */
public final class DeviceChoice {
    /** The names {@code --device} accepts. */
    public static final String NAMES = "cpu, reference, opencl, auto";

    private final Device device;
    private final String description;

    private DeviceChoice(Device device, String description) {
        this.device = device;
        this.description = description;
    }

    /** The device named {@code name} on the command line. */
    public static DeviceChoice parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "cpu" -> new DeviceChoice(CpuDevice.INSTANCE, "cpu (GradLab's CPU device)");
            case "reference" -> new DeviceChoice(ReferenceDevice.INSTANCE, "reference (GradLab's readable reference"
                    + " device; slow)");
            case "opencl" -> {
                Device d = OpenClDevice.select("opencl");
                yield new DeviceChoice(d, "opencl: " + OpenClDevice.description(d));
            }
            case "auto" -> {
                Device d = OpenClDevice.select("auto");
                yield new DeviceChoice(d, d == CpuDevice.INSTANCE
                        ? "cpu (auto: OpenCL has no GPU here, so GradLab's CPU device)"
                        : "opencl (auto: a GPU): " + OpenClDevice.description(d));
            }
            default -> throw new IllegalArgumentException("--device: '" + name + "' is not a device; expected one"
                    + " of " + NAMES);
        };
    }

    public Device device() {
        return device;
    }

    /** What the run prints: the device that really executes the kernels, and why it was chosen. */
    public String description() {
        return description;
    }
}
