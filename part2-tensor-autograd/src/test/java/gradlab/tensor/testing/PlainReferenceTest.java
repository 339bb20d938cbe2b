package gradlab.tensor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import gradlab.tensor.testing.PlainReference.Nd;
import org.junit.jupiter.api.Test;

/** The references themselves, at hand-worked points (so that the catalogue compares the engine with the truth). */
class PlainReferenceTest {

    private static Nd nd(int[] shape, double... values) {
        return new Nd(shape, values);
    }

    @Test
    void broadcastingBothSides() {
        // [3, 1] + [1, 4]: out[i][j] = a[i] + b[j]
        Nd out = PlainReference.binary(nd(new int[] {3, 1}, 0, 10, 20), nd(new int[] {1, 4}, 1, 2, 3, 4), Double::sum);
        assertThat(out.shape()).containsExactly(3, 4);
        assertThat(out.values()).containsExactly(1, 2, 3, 4, 11, 12, 13, 14, 21, 22, 23, 24);
        // rank 0 with rank 2
        Nd scaled = PlainReference.binary(nd(new int[0], 2), nd(new int[] {1, 2}, 3, 4), (a, b) -> a * b);
        assertThat(scaled.shape()).containsExactly(1, 2);
        assertThat(scaled.values()).containsExactly(6, 8);
    }

    @Test
    void reductionsOverOneDim() {
        Nd x = nd(new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        assertThat(PlainReference.reduce(x, new int[] {0}, false, PlainReference::sum).values())
                .containsExactly(5, 7, 9);
        Nd rows = PlainReference.reduce(x, new int[] {1}, true, PlainReference::max);
        assertThat(rows.shape()).containsExactly(2, 1);
        assertThat(rows.values()).containsExactly(3, 6);
        assertThat(PlainReference.reduce(x, new int[0], false, PlainReference::var).values())
                .containsExactly(3.5);   // mean 3.5, squares sum 17.5, / 5
        assertThat(PlainReference.argmax(new double[] {1, 3, 3})).isEqualTo(1);
    }

    @Test
    void softmaxAndLogSumExp() {
        double[] p = PlainReference.softmax(new double[] {0, Math.log(3)});
        assertThat(p[0]).isCloseTo(0.25, within(1e-15));
        assertThat(p[1]).isCloseTo(0.75, within(1e-15));
        assertThat(PlainReference.logSumExp(new double[] {1000, 1000})).isCloseTo(1000 + Math.log(2), within(1e-12));
        Nd byRow = PlainReference.alongDim(nd(new int[] {2, 2}, 0, 0, 5, 5), 1, PlainReference::softmax);
        assertThat(byRow.values()).containsExactly(0.5, 0.5, 0.5, 0.5);
    }

    /** The series reference of erf at table values (Python's math.erf) across the catalogue's range [-2.5, 2.5]. */
    @Test
    void erfSeries() {
        assertThat(PlainReference.erf(0)).isEqualTo(0);
        assertThat(PlainReference.erf(0.5)).isCloseTo(0.5204998778130465, within(1e-15));
        assertThat(PlainReference.erf(1)).isCloseTo(0.8427007929497149, within(1e-15));
        assertThat(PlainReference.erf(-1.7)).isCloseTo(-0.9837904585907745, within(1e-14));
        assertThat(PlainReference.erf(2)).isCloseTo(0.9953222650189527, within(1e-14));
        assertThat(PlainReference.erf(2.5)).isCloseTo(0.9995930479825550, within(1e-13));
    }

    @Test
    void matrixProducts() {
        Nd a = nd(new int[] {2, 2}, 1, 2, 3, 4);
        Nd b = nd(new int[] {2, 2}, 5, 6, 7, 8);
        assertThat(PlainReference.mm(a, b).values()).containsExactly(19, 22, 43, 50);
        // vector cases: dot, row vector times matrix, matrix times column vector
        Nd v = nd(new int[] {2}, 1, 1);
        assertThat(PlainReference.matmul(v, v).shape()).isEmpty();
        assertThat(PlainReference.matmul(v, v).values()).containsExactly(2);
        assertThat(PlainReference.matmul(v, b).values()).containsExactly(12, 14);
        assertThat(PlainReference.matmul(a, v).values()).containsExactly(3, 7);
        // broadcast batch: [2, 1, 1, 2] x [3, 2, 1] -> [2, 3, 1, 1]
        Nd batched = PlainReference.matmul(nd(new int[] {2, 1, 1, 2}, 1, 0, 0, 1),
                nd(new int[] {3, 2, 1}, 1, 2, 3, 4, 5, 6));
        assertThat(batched.shape()).containsExactly(2, 3, 1, 1);
        assertThat(batched.values()).containsExactly(1, 3, 5, 2, 4, 6);
    }

    @Test
    void indexMappings() {
        Nd x = nd(new int[] {2, 3}, 0, 1, 2, 3, 4, 5);
        assertThat(PlainReference.transpose(x, 0, 1).values()).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(PlainReference.slice(x, 1, 0, 3, 2).values()).containsExactly(0, 2, 3, 5);
        assertThat(PlainReference.select(x, 0, 1).values()).containsExactly(3, 4, 5);
        assertThat(PlainReference.gather(x, 1, nd(new int[] {2, 2}, 2, 0, 1, 1)).values()).containsExactly(2, 0, 4, 4);
        assertThat(PlainReference.indexSelect(x, 0, nd(new int[] {3}, 1, 1, 0)).values())
                .containsExactly(3, 4, 5, 3, 4, 5, 0, 1, 2);
        Nd scattered = PlainReference.scatterAdd(nd(new int[] {1, 3}, 0, 0, 0), 1, nd(new int[] {1, 2}, 2, 2),
                nd(new int[] {1, 2}, 1.5, 2));
        assertThat(scattered.values()).containsExactly(0, 0, 3.5);
        Nd stacked = PlainReference.stack(nd(new int[] {2}, 1, 2), nd(new int[] {2}, 3, 4), 0);
        assertThat(stacked.shape()).containsExactly(2, 2);
        assertThat(stacked.values()).containsExactly(1, 2, 3, 4);
        assertThat(PlainReference.cat(x, nd(new int[] {1, 3}, 6, 7, 8), 0).values())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    }
}
