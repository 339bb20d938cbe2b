package gradlab.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.device.CpuDevice;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** 10 examples of 3 features; example i holds i, i + 0.1, i + 0.2 and label i % 4. */
    private static Dataset tiny() {
        double[] x = new double[30];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            x[3 * i] = i;
            x[3 * i + 1] = i + 0.1;
            x[3 * i + 2] = i + 0.2;
            y[i] = i % 4;
        }
        return new Dataset(x, y, 1, 3);
    }

    private static int[] all(int n) {
        return IntStream.range(0, n).toArray();
    }

    @Test
    void batchesHoldWholeRowsAndTheirLabels() {
        DataLoader loader = new DataLoader(tiny(), new int[] {7, 2, 5}, 2, false, false, null,
                CpuDevice.INSTANCE, DType.FLOAT32);
        List<Batch> batches = new ArrayList<>();
        loader.forEach(batches::add);
        assertThat(batches).hasSize(2);
        Batch b = batches.get(0);
        assertThat(b.x().shape()).containsExactly(2, 3);
        assertThat(b.x().dtype()).isEqualTo(DType.FLOAT32);
        assertThat(b.x().toDoubleArray()).containsExactly(new double[] {7, 7.1, 7.2, 2, 2.1, 2.2}, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(b.y().toDoubleArray()).containsExactly(3, 2);
        assertThat(batches.get(1).indices()).containsExactly(5);
    }

    @Test
    void dropLastDropsThePartialBatch() {
        DataLoader keep = new DataLoader(tiny(), all(10), 4, false, false, null, CpuDevice.INSTANCE, DType.FLOAT64);
        DataLoader drop = new DataLoader(tiny(), all(10), 4, false, true, null, CpuDevice.INSTANCE, DType.FLOAT64);
        assertThat(keep.batches()).isEqualTo(3);
        assertThat(drop.batches()).isEqualTo(2);
        assertThat(drop.samplesPerEpoch()).isEqualTo(8);
        int served = 0;
        for (Batch b : drop) {
            served += b.size();
        }
        assertThat(served).isEqualTo(8);
    }

    @Test
    void shuffleIsSeededAndDiffersEachEpochAndCoversEveryExample() {
        long seed = 42;
        List<int[]> a = epochs(new Generator(seed), 3);
        List<int[]> b = epochs(new Generator(seed), 3);
        for (int e = 0; e < 3; e++) {
            assertThat(a.get(e)).as("seed %d epoch %d: same seed, same order", seed, e).containsExactly(b.get(e));
            int[] sorted = a.get(e).clone();
            Arrays.sort(sorted);
            assertThat(sorted).as("seed %d epoch %d is a permutation", seed, e).containsExactly(all(10));
        }
        assertThat(a.get(0)).isNotEqualTo(a.get(1));
    }

    @Test
    void generatorStateAloneDecidesTheNextEpoch() {
        Generator g = new Generator(7);
        DataLoader loader = new DataLoader(tiny(), all(10), 3, true, false, g, CpuDevice.INSTANCE, DType.FLOAT32);
        order(loader);
        Generator.State state = g.getState();
        int[] second = order(loader);
        // a fresh loader (a resumed run) whose generator is restored serves the same second epoch
        Generator g2 = new Generator(99);
        g2.setState(state);
        DataLoader again = new DataLoader(tiny(), all(10), 3, true, false, g2, CpuDevice.INSTANCE, DType.FLOAT32);
        assertThat(order(again)).containsExactly(second);
    }

    private static List<int[]> epochs(Generator g, int n) {
        DataLoader loader = new DataLoader(tiny(), all(10), 3, true, false, g, CpuDevice.INSTANCE, DType.FLOAT32);
        List<int[]> out = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            out.add(order(loader));
        }
        return out;
    }

    private static int[] order(DataLoader loader) {
        return java.util.stream.StreamSupport.stream(loader.spliterator(), false)
                .flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
    }

    @Test
    void splitIsADisjointCoverWithTheAskedFraction() {
        Split s = Split.of(100, 0.2, new Generator(3));
        assertThat(s.validation()).hasSize(20);
        assertThat(s.train()).hasSize(80);
        int[] both = IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.validation())).sorted().toArray();
        assertThat(both).containsExactly(all(100));
        assertThatThrownBy(() -> Split.of(100, 1.5, new Generator(3)))
                .hasMessageStartingWith("--val-split: 1.5 is not a fraction in [0, 1)");
        assertThatThrownBy(() -> new DataLoader(tiny(), all(3), 0, false, false, null, CpuDevice.INSTANCE,
                DType.FLOAT32)).hasMessageStartingWith("--batch-size: 0 is not a batch size");
    }
}
