package gradlab.tensor.device;

import gradlab.tensor.DType;

/** CPU storage of float64 elements: a plain {@code double[]}. */
public final class DoubleStorage extends Storage {
    final double[] data;

    DoubleStorage(int size) {
        super(DType.FLOAT64, size);
        this.data = new double[size];
    }

    @Override
    public Device device() {
        return CpuDevice.INSTANCE;
    }
}
