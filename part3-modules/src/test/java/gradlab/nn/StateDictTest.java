package gradlab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.nn.io.SafeTensors;
import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stateDict's keys, order and sharing; loadStateDict's strict checks and errors; a save/load round trip. */
class StateDictTest {
    @TempDir
    Path dir;

    /** A Linear followed by a running count kept in a buffer (like BatchNorm's num_batches_tracked). */
    static final class Counted extends Module {
        final Linear fc;
        final Tensor seen;

        Counted(Random r) {
            fc = new Linear(3, 2, true, r);
            seen = registerBuffer("seen", Tensor.zeros(2));
            registerBuffer("scratch", Tensor.zeros(1), false);
        }

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(x);
        }
    }

    private static Sequential model(long seed) {
        Random r = new Random(seed);
        return new Sequential(new Counted(r), new Linear(2, 4, true, r), new Linear(4, 1, false, r));
    }

    @Test
    void keysAreDottedNamesOfParametersThenBuffersInTreeOrder() {
        Sequential m = model(1);
        assertThat(m.stateDict().keySet()).containsExactly("0.seen", "0.fc.weight", "0.fc.bias", "1.weight",
                "1.bias", "2.weight");
        // buffers are state but not parameters; a non-persistent buffer is not even state
        assertThat(m.namedParameters().keySet()).doesNotContain("0.seen");
        assertThat(m.namedBuffers().keySet()).containsExactly("0.seen", "0.scratch");
    }

    @Test
    void valuesAreDetachedViewsOfTheModulesTensors() {
        Sequential m = model(1);
        Map<String, Tensor> sd = m.stateDict();
        Linear l1 = (Linear) m.get(1);
        assertThat(sd.get("1.weight").requiresGrad()).isFalse();
        assertThat(sd.get("1.weight").sharesStorageWith(l1.weight())).isTrue();
        try (var g = Tensor.noGrad()) {
            l1.weight().fill(5);
        }
        assertThat(sd.get("1.weight").toDoubleArray()).containsOnly(5);
    }

    /**
     * A module used twice (PyTorch: {@code nn.Sequential(shared, other, shared).state_dict().keys()} is
     * 0.weight, 0.bias, 1.weight, 1.bias, 2.weight, 2.bias): its state is saved under both names, so a state dict
     * written by PyTorch for the same architecture loads strictly. parameters() still lists it once.
     */
    @Test
    void aSharedModuleIsSavedUnderEachOfItsNamesAsInPyTorch() {
        Linear shared = new Linear(2, 2, true, new Random(3));
        Sequential tied = new Sequential(shared, new Linear(2, 2, true, new Random(4)), shared);
        Map<String, Tensor> sd = tied.stateDict();
        assertThat(sd.keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias", "2.weight", "2.bias");
        assertThat(sd.get("2.weight").sharesStorageWith(shared.weight())).isTrue();
        assertThat(tied.namedParameters().keySet()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias");

        Linear other = new Linear(2, 2, true, new Random(5));
        Sequential fresh = new Sequential(other, new Linear(2, 2, true, new Random(6)), other);
        ModuleStateDict.LoadResult r = fresh.loadStateDict(sd);
        assertThat(r.missingKeys()).isEmpty();
        assertThat(r.unexpectedKeys()).isEmpty();
        Tensor x = Tensor.randn(new Generator(7), 4, 2);
        assertThat(fresh.forward(x).toDoubleArray()).containsExactly(tied.forward(x).toDoubleArray());
    }

    @Test
    void loadingCopiesEveryValue() {
        Sequential a = model(1);
        Sequential b = model(2);
        Tensor x = Tensor.randn(new Generator(3), 5, 3);
        assertThat(a.forward(x).allClose(b.forward(x), 1e-9, 1e-9)).isFalse();
        try (var g = Tensor.noGrad()) {
            a.stateDict().get("0.seen").fill(4);
        }
        ModuleStateDict.LoadResult r = b.loadStateDict(a.stateDict());
        assertThat(r.missingKeys()).isEmpty();
        assertThat(r.unexpectedKeys()).isEmpty();
        assertThat(b.forward(x).toDoubleArray()).containsExactly(a.forward(x).toDoubleArray());
        assertThat(b.stateDict().get("0.seen").toDoubleArray()).containsOnly(4);
        // a copy, not shared: b's parameters stay b's own leaves
        assertThat(((Linear) b.get(1)).weight().sharesStorageWith(((Linear) a.get(1)).weight())).isFalse();
        assertThat(((Linear) b.get(1)).weight().requiresGrad()).isTrue();
    }

    @Test
    void strictLoadingListsEveryMissingAndUnexpectedKeyInOneError() {
        Sequential m = model(1);
        Map<String, Tensor> sd = new LinkedHashMap<>(model(2).stateDict());
        sd.remove("1.bias");
        sd.remove("0.seen");
        sd.put("3.weight", Tensor.zeros(1));
        sd.put("fc.weight", Tensor.zeros(1));
        double[] before = ((Linear) m.get(1)).weight().toDoubleArray();
        assertThatThrownBy(() -> m.loadStateDict(sd))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Error(s) in loading state dict for Sequential")
                .hasMessageContaining("Missing key(s) in state dict: \"0.seen\", \"1.bias\".")
                .hasMessageContaining("Unexpected key(s) in state dict: \"3.weight\", \"fc.weight\".")
                .hasMessageContaining("strict = false");
        assertThat(((Linear) m.get(1)).weight().toDoubleArray()).as("nothing copied").containsExactly(before);
    }

    @Test
    void nonStrictLoadingReportsWhatDidNotMatch() {
        Sequential m = model(1);
        Map<String, Tensor> sd = new LinkedHashMap<>(model(2).stateDict());
        sd.remove("2.weight");
        sd.put("extra", Tensor.zeros(1));
        ModuleStateDict.LoadResult r = m.loadStateDict(sd, false);
        assertThat(r.missingKeys()).containsExactly("2.weight");
        assertThat(r.unexpectedKeys()).containsExactly("extra");
        assertThat(((Linear) m.get(1)).weight().toDoubleArray())
                .containsExactly(((Linear) model(2).get(1)).weight().toDoubleArray());
    }

    @Test
    void aShapeMismatchNamesTheKeyAndBothShapes() {
        Sequential m = model(1);
        Map<String, Tensor> sd = new LinkedHashMap<>(m.stateDict());
        sd.put("1.weight", Tensor.zeros(2, 4));
        sd.put("2.weight", Tensor.zeros(4));
        assertThatThrownBy(() -> m.loadStateDict(sd, false))
                .hasMessageContaining("size mismatch for 1.weight: copying a tensor of shape [2, 4] from the state"
                        + " dict, but the shape in this module is [4, 2].")
                .hasMessageContaining("size mismatch for 2.weight: copying a tensor of shape [4]");
    }

    @Test
    void float32ValuesAreConvertedToTheParametersDtype() {
        Linear l = new Linear(2, 1, true, new Random(1));
        l.loadStateDict(Map.of("weight", Tensor.of(new double[][] {{0.5, 0.25}}).to(DType.FLOAT32),
                "bias", Tensor.of(1).to(DType.FLOAT32)));
        assertThat(l.weight().dtype()).isEqualTo(DType.FLOAT64);
        assertThat(l.forward(Tensor.of(2, 4)).item()).isEqualTo(3);
    }

    @Test
    void saveToAFileAndLoadIntoAFreshModel() throws IOException {
        Sequential trained = model(1);
        Path f = dir.resolve("model.safetensors");
        SafeTensors.save(f, trained.stateDict());
        Sequential fresh = model(99);
        fresh.loadStateDict(SafeTensors.load(f));
        Tensor x = Tensor.randn(new Generator(4), 2, 3);
        assertThat(fresh.forward(x).toDoubleArray()).containsExactly(trained.forward(x).toDoubleArray());
    }
}
