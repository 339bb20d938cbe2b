package gradlab.mnist.data;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelScaling}'s SIMD path: a register of L floats (16 with AVX-512) per step. Each step loads L bytes,
 * widens them to L ints (sign-extending: byte 200 is -56 in Java), masks each with 0xff to get 0..255 back, converts
 * the ints to floats and divides by 255: five instructions for L pixels, where the table loop does three loads and
 * a store per pixel. The last n mod L pixels go through the scalar formula.
 */
final class PixelScalingVector {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** As many bytes as the float register has lanes (16 bytes = 128 bits for 16 floats). */
    private static final VectorSpecies<Byte> BYTES =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(FLOATS.length() * Byte.SIZE));
    private static final int L = FLOATS.length();

    private PixelScalingVector() {
    }

    static void toFloats(byte[] src, int from, float[] dst, int pos, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            ByteVector b = ByteVector.fromArray(BYTES, src, from + j);
            IntVector signed = (IntVector) b.convertShape(VectorOperators.B2I, INTS, 0);
            IntVector unsigned = signed.lanewise(VectorOperators.AND, 0xff);
            FloatVector f = (FloatVector) unsigned.convertShape(VectorOperators.I2F, FLOATS, 0);
            f.div(255f).intoArray(dst, pos + j);
        }
        for (; j < n; j++) {
            dst[pos + j] = (src[from + j] & 0xff) / 255f;
        }
    }
}
