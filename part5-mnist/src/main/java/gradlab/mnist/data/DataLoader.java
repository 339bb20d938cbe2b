package gradlab.mnist.data;

import gradlab.tensor.DType;
import gradlab.tensor.Tensor;
import gradlab.tensor.device.Device;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Serves a dataset (or the part of it named by {@code indices}) in mini-batches, as PyTorch's {@code DataLoader}:
 * {@code batchSize} examples at a time, in a fresh random order each epoch when {@code shuffle} is on, the last
 * smaller batch kept or dropped ({@code dropLast}).
 *
 * <p><b>Shuffling.</b> Each {@link #iterator()} (one epoch) permutes the indices with Fisher-Yates, drawing from the
 * loader's generator: swap position i with a uniform j in [0, i], for i from n-1 down to 1 (PyTorch's
 * {@code randperm}). Every epoch starts from the same base order, so the epoch's order depends on the generator's
 * state alone: a run that saves that state (a {@link gradlab.tensor.Generator}) replays the same orders after a
 * resume.
 *
 * <p><b>Batches without per-element offset arithmetic.</b> Image i is one run of {@code features} values in the
 * dataset, so a batch is {@code batchSize} row copies ({@link Dataset#copyImage}, which scales the pixels) into one
 * new array of the model's dtype, then one tensor creation: for float32, {@code Tensor.on(device, dtype).asTensor(shape,
 * values)}, whose CPU tensor is the array itself (no second copy); for float64, {@code of(shape, values)}.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset data;
    private final int[] order;
    private final int batchSize;
    private final boolean shuffle;
    private final boolean dropLast;
    private final Random generator;
    private final Device device;
    private final DType dtype;

    /**
     * @param indices   the examples to serve (e.g. the training part of a split); copied
     * @param generator the shuffling generator (ignored when {@code shuffle} is off; may then be null)
     */
    public DataLoader(Dataset data, int[] indices, int batchSize, boolean shuffle, boolean dropLast,
                      Random generator, Device device, DType dtype) {
        if (data == null || indices == null) {
            throw new IllegalArgumentException("DataLoader: " + (data == null ? "data" : "indices") + " is null; pass"
                    + " a Dataset and the indices of the examples to serve");
        }
        if (device == null || dtype == null) {
            throw new IllegalArgumentException("DataLoader: " + (device == null ? "device" : "dtype") + " is null;"
                    + " pass e.g. CpuDevice.INSTANCE and DType.FLOAT32");
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("--batch-size: " + batchSize + " is not a batch size; expected a"
                    + " whole number >= 1 (e.g. 128)");
        }
        if (shuffle && generator == null) {
            throw new IllegalArgumentException("DataLoader: shuffle is on but the generator is null; pass a"
                    + " gradlab.tensor.Generator (new Generator(seed))");
        }
        for (int i : indices) {
            if (i < 0 || i >= data.size()) {
                throw new IllegalArgumentException("DataLoader: index " + i + " is outside the dataset's [0, "
                        + data.size() + ")");
            }
        }
        this.data = data;
        this.order = indices.clone();
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.dropLast = dropLast;
        this.generator = generator;
        this.device = device;
        this.dtype = dtype;
    }

    /** All examples of {@code data}, in order (evaluation: no shuffle, the last batch kept). */
    public static DataLoader sequential(Dataset data, int batchSize, Device device, DType dtype) {
        if (data == null) {
            throw new IllegalArgumentException("DataLoader.sequential: data is null; pass a Dataset");
        }
        int[] all = new int[data.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return new DataLoader(data, all, batchSize, false, false, null, device, dtype);
    }

    /** Examples served per epoch (fewer than the indices when the last partial batch is dropped). */
    public int samplesPerEpoch() {
        return batches() * batchSize >= order.length ? order.length : batches() * batchSize;
    }

    /** Batches per epoch. */
    public int batches() {
        return dropLast ? order.length / batchSize : (order.length + batchSize - 1) / batchSize;
    }

    public Dataset dataset() {
        return data;
    }

    /** One epoch: shuffles first (when on), then serves the batches in that order. */
    @Override
    public Iterator<Batch> iterator() {
        int[] epochOrder = order.clone(); // each epoch permutes the same base order: its generator alone decides
        if (shuffle) {
            for (int i = epochOrder.length - 1; i > 0; i--) {
                int j = generator.nextInt(i + 1);
                int t = epochOrder[i];
                epochOrder[i] = epochOrder[j];
                epochOrder[j] = t;
            }
        }
        int count = batches();
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the epoch's " + count + " batches are all served");
                }
                int start = next * batchSize;
                int end = Math.min(start + batchSize, epochOrder.length);
                next++;
                return batch(java.util.Arrays.copyOfRange(epochOrder, start, end));
            }
        };
    }

    /**
     * The batch of the given examples: whole images copied into one array of the model's dtype (float32 for a
     * float32 model: no {@code double[]} in between), then one tensor each for x and y.
     */
    public Batch batch(int[] indices) {
        int f = data.features();
        int[] shape = {indices.length, f};
        double[] y = new double[indices.length];
        for (int r = 0; r < indices.length; r++) {
            y[r] = data.label(indices[r]);
        }
        Tensor xt;
        if (dtype == DType.FLOAT32) {
            float[] x = new float[indices.length * f];
            for (int r = 0; r < indices.length; r++) {
                data.copyImage(indices[r], x, r * f);
            }
            xt = Tensor.on(device, dtype).asTensor(shape, x);   // the CPU's tensor is x itself: no second copy
        } else {
            double[] x = new double[indices.length * f];
            for (int r = 0; r < indices.length; r++) {
                data.copyImage(indices[r], x, r * f);
            }
            xt = Tensor.on(device, dtype).of(shape, x);
        }
        Tensor yt = Tensor.on(device, DType.FLOAT64).of(new int[] {indices.length}, y);
        return new Batch(xt, yt, indices);
    }
}
