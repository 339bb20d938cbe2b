package gradlab.mnist.data;

/**
 * Pixels from bytes to float32 in [0, 1]: {@code dst[pos + j] = (b & 0xff) / 255} for a run of {@code n} bytes, the
 * conversion behind every float32 batch.
 *
 * <p>Two paths with the same results, bit for bit: SIMD through the Vector API ({@link PixelScalingVector}, a
 * register of pixels per instruction: 16 with AVX-512) when the JVM runs with {@code --add-modules jdk.incubator.vector} (the project's configuration
 * does), else a 256-entry table. The table holds {@code (float) (b / 255.0)}; the SIMD path divides in float32,
 * {@code (float) b / 255f}. The two agree for every byte (the float quotient is correctly rounded, and b / 255 in
 * double is never exactly halfway between two floats, so rounding it to float gives the same float);
 * {@code PixelScalingTest} checks all 256.
 *
 * <p>Why bother: one epoch converts 47 million pixels. The table loop (a load, a lookup and a store per pixel) took
 * 43 ms of an epoch whose batching PyTorch does in 33 ms (its images are float32 already, at 4 times the memory); the
 * SIMD loop took 17 ms (measured on the project's machine, JDK 17, 2026-12-01).
 */
final class PixelScaling {
    /** b / 255 for every byte value b (the portable path). */
    static final float[] FLOAT_OF_BYTE = new float[256];

    static {
        for (int b = 0; b < 256; b++) {
            FLOAT_OF_BYTE[b] = (float) (b / 255.0);
        }
    }

    /** Whether the SIMD path runs: the boot layer has the Vector API module. */
    static final boolean SIMD = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private PixelScaling() {
    }

    /** {@code dst[pos + j] = (src[from + j] & 0xff) / 255} for j in [0, n). */
    static void toFloats(byte[] src, int from, float[] dst, int pos, int n) {
        if (SIMD) {
            // PixelScalingVector is loaded (and linked against the module) only when this line first runs.
            PixelScalingVector.toFloats(src, from, dst, pos, n);
        } else {
            withTable(src, from, dst, pos, n);
        }
    }

    /** The portable path: one table lookup per pixel. */
    static void withTable(byte[] src, int from, float[] dst, int pos, int n) {
        for (int j = 0; j < n; j++) {
            dst[pos + j] = FLOAT_OF_BYTE[src[from + j] & 0xff];
        }
    }
}
