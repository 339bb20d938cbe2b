package gradlab.mnist.data;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link PixelScaling}'s SIMD path, for any register width the CPU prefers (L floats: 16 with AVX-512, 8 with AVX2,
 * 4 with NEON). A register of bytes holds 4 L of them, so each step loads 4 L bytes once and, for each quarter of them,
 * widens L bytes to L ints (sign-extending: byte 200 is -56 in Java), masks each with 0xff to get 0..255 back,
 * converts the ints to floats and divides by 255: a few instructions per L pixels, where the table loop does three
 * loads and a store per pixel. The last n mod 4L pixels go through the scalar formula.
 */
final class PixelScalingVector {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** The same register width in bytes: 4 L lanes. */
    private static final VectorSpecies<Byte> BYTES = ByteVector.SPECIES_PREFERRED;
    private static final int L = FLOATS.length();

    private PixelScalingVector() {
    }

    static void toFloats(byte[] src, int from, float[] dst, int pos, int n) {
        int j = 0;
        for (; j <= n - 4 * L; j += 4 * L) {
            ByteVector bytes = ByteVector.fromArray(BYTES, src, from + j);
            for (int part = 0; part < 4; part++) {   // part q: bytes [q L, (q + 1) L) of the register
                IntVector signed = (IntVector) bytes.convertShape(VectorOperators.B2I, INTS, part);
                IntVector unsigned = signed.lanewise(VectorOperators.AND, 0xff);
                FloatVector f = (FloatVector) unsigned.convertShape(VectorOperators.I2F, FLOATS, 0);
                f.div(255f).intoArray(dst, pos + j + part * L);
            }
        }
        for (; j < n; j++) {
            dst[pos + j] = (src[from + j] & 0xff) / 255f;
        }
    }
}
