package gradlab.tensor;

import gradlab.tensor.device.CpuDevice;
import gradlab.tensor.device.Device;

/**
 * The device and dtype that factories such as {@link Tensor#zeros(int...)} create on when none is named (PyTorch's
 * default dtype and its {@code with torch.device(...)} block). Per thread, like grad mode.
 *
 * <p>The defaults are the CPU device and {@link DType#FLOAT64}, the precision the gradient checker needs. Change them
 * for a block with a scope, which restores the previous defaults when closed:
 * <pre>
 *   try (var s = Tensor.usingDType(DType.FLOAT32)) {
 *       Linear layer = new Linear(784, 100);     // float32 parameters
 *   }
 * </pre>
 */
public final class Defaults implements AutoCloseable {
    private static final ThreadLocal<Device> DEVICE = ThreadLocal.withInitial(() -> CpuDevice.INSTANCE);
    private static final ThreadLocal<DType> DTYPE = ThreadLocal.withInitial(() -> DType.FLOAT64);

    private final Device previousDevice;
    private final DType previousDType;

    private Defaults(Device device, DType dtype) {
        previousDevice = DEVICE.get();
        previousDType = DTYPE.get();
        DEVICE.set(device);
        DTYPE.set(dtype);
    }

    /** The device new tensors go to when none is named. */
    public static Device device() {
        return DEVICE.get();
    }

    /** The dtype new tensors get when none is named. */
    public static DType dtype() {
        return DTYPE.get();
    }

    /** A scope in which new tensors go to {@code device}. */
    static Defaults using(Device device) {
        if (device == null) {
            throw new IllegalArgumentException("usingDevice: device is null; pass a device such as CpuDevice.INSTANCE");
        }
        return new Defaults(device, DTYPE.get());
    }

    /** A scope in which new tensors get {@code dtype}. */
    static Defaults using(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("usingDType: dtype is null; pass DType.FLOAT32 or DType.FLOAT64");
        }
        return new Defaults(DEVICE.get(), dtype);
    }

    /** Restores the defaults that were in force when this scope was opened. */
    @Override
    public void close() {
        DEVICE.set(previousDevice);
        DTYPE.set(previousDType);
    }
}
