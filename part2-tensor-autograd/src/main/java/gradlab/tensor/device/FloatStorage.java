package gradlab.tensor.device;

import gradlab.tensor.DType;

/** CPU storage of float32 elements: a plain {@code float[]}. */
public final class FloatStorage extends Storage {
    final float[] data;

    FloatStorage(int size) {
        super(DType.FLOAT32, size);
        this.data = new float[size];
    }

    /**
     * A storage that is {@code data} itself: later writes to the array are the tensor's values (no copy). Such writes
     * do not move the storage's version counter, so autograd cannot see them (as with {@code torch.as_tensor}).
     */
    FloatStorage(float[] data) {
        super(DType.FLOAT32, data.length, true);
        this.data = data;
    }

    @Override
    public Device device() {
        return CpuDevice.INSTANCE;
    }
}
