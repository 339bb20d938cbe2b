package gradlab.tensor.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gradlab.tensor.DType;
import gradlab.tensor.Generator;
import gradlab.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CPU device's whole-row copies: {@code indexSelect} along dim 0 of a tensor with contiguous rows (how a data
 * loader takes a batch) copies each selected row with System.arraycopy, and copies between storages of one dtype skip
 * the conversion. Both must give exactly what the {@link ReferenceDevice} gives, on the fast layouts and on the ones
 * that take the general path (a transposed source, an expanded one, rows selected along dim 1).
 */
class CpuRowCopyTest {

    static Stream<Arguments> selections() {
        List<Arguments> out = new ArrayList<>();
        long seed = 100;
        for (DType dtype : DType.values()) {
            for (String layout : new String[] {"contiguous", "transposed", "expanded", "narrowed rows", "1-D"}) {
                out.add(Arguments.of(dtype, layout, seed++));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}, seed {2}")
    @MethodSource("selections")
    void indexSelectAlongDim0MatchesReferenceDeviceExactly(DType dtype, String layout, long seed) {
        Generator g = new Generator(seed);
        Tensor x = switch (layout) {
            case "contiguous" -> Tensor.randn(g, 50, 3, 7).to(dtype);
            case "transposed" -> Tensor.randn(g, 7, 50).to(dtype).t();
            case "expanded" -> Tensor.randn(g, 50, 1).to(dtype).expand(50, 6);
            case "narrowed rows" -> Tensor.randn(g, 50, 9).to(dtype).narrow(1, 2, 5);
            default -> Tensor.randn(g, 50).to(dtype);
        };
        double[] picks = new double[17];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = g.nextInt(100) - 50;   // negative indices count from the end, as in PyTorch
        }
        Tensor index = Tensor.of(picks);
        Tensor got = x.indexSelect(0, index);
        Tensor expected = x.to(ReferenceDevice.INSTANCE).indexSelect(0, index.to(ReferenceDevice.INSTANCE));
        assertThat(got.shape()).containsExactly(expected.shape());
        assertThat(got.toDoubleArray()).as("%s %s", dtype, layout).containsExactly(expected.toDoubleArray());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DType.class)
    void indexSelectOutOfRangeNamesTheIndexOnTheFastPath(DType dtype) {
        Tensor x = Tensor.randn(new Generator(3), 4, 5).to(dtype);
        assertThatThrownBy(() -> x.indexSelect(0, Tensor.of(1, 4)))
                .hasMessageContaining("index 4.0 is out of bounds for dim 0 with size 4");
    }

    @ParameterizedTest(name = "{0} {1}, seed {2}")
    @MethodSource("selections")
    void contiguousCopyMatchesReferenceDeviceExactly(DType dtype, String layout, long seed) {
        Generator g = new Generator(seed);
        Tensor x = switch (layout) {
            case "contiguous" -> Tensor.randn(g, 5, 3, 7).to(dtype).narrow(0, 1, 3);
            case "transposed" -> Tensor.randn(g, 7, 5).to(dtype).t();
            case "expanded" -> Tensor.randn(g, 5, 1).to(dtype).expand(5, 6);
            case "narrowed rows" -> Tensor.randn(g, 5, 9).to(dtype).narrow(1, 2, 5);
            default -> Tensor.randn(g, 50).to(dtype);
        };
        Tensor got = x.contiguous();
        assertThat(got.toDoubleArray()).as("%s %s", dtype, layout)
                .containsExactly(x.to(ReferenceDevice.INSTANCE).contiguous().toDoubleArray());
        assertThat(got.to(DType.FLOAT64).toDoubleArray()).containsExactly(x.toDoubleArray());
    }
}
