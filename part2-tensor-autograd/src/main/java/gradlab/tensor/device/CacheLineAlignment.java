package gradlab.tensor.device;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Which element of a {@code float[]} or {@code double[]} starts a 64-byte cache line, so that {@link Gemm} can put
 * its packed panels there.
 *
 * <p><b>Why.</b> A 64-byte SIMD load (16 floats with AVX-512) that straddles two cache lines costs two. The
 * micro-kernel loads 3 registers of the packed B panel per step, and the panel is read again for every 4 rows of A.
 * On the MNIST layer (128 x 784 times 784 x 100, one thread) the product took 170 µs with the panel on a cache line,
 * 197 µs with it 16 bytes off, and 265-285 µs in 6 runs out of 8 of a plain JVM. Worse, which of these a run got was
 * luck, fixed for the whole run: it depends on where the JVM happened to put the buffer (measured on the project's
 * machine, JDK 17, 2026-12-01).
 *
 * <p><b>How.</b> Java never tells an array's address. But a JVM started with {@code -XX:ObjectAlignmentInBytes=64}
 * places every object at a multiple of 64 bytes, and an array's elements begin right after its 16-byte header (with
 * compressed class pointers, HotSpot's default). So element (64 - 16) / 4 = 12 of a float[], or 6 of a double[],
 * starts a cache line. Other layouts (no compressed class pointers, JDK 24+'s compact headers) are not guessed: there,
 * and in a JVM with smaller object alignment, the offsets are 0 and nothing but the speed changes. Reading the two
 * options starts JMX: 26-31 ms in a bare JVM, once per JVM, at the first matrix product (a JVM's first products
 * already take hundreds of ms until the JIT compiler has compiled the Vector API kernel).
 *
 * <p><b>Where the flag is used.</b> Part 5's {@code bench} starts its training JVM with it, and the JMH matrix
 * benchmark its forks: those programs are matrix products. It is not in {@code .mvn/jvm.config}: it pads every
 * object to 64 bytes, and programs made of millions of small objects pay for that (part 2's million-op chain: graph
 * 190 -> 509 MB, forward 1.9 -> 4.2 s; part 1's: forward 0.42 -> 0.90 s).
 */
final class CacheLineAlignment {
    static final int CACHE_LINE_BYTES = 64;
    /** The first float[] element on a cache line, or 0 if that cannot be known. */
    static final int FLOAT_OFFSET;
    /** The first double[] element on a cache line, or 0 if that cannot be known. */
    static final int DOUBLE_OFFSET;

    static {
        int header = arrayHeaderBytes();
        boolean known = header > 0 && objectAlignment() % CACHE_LINE_BYTES == 0;
        int skip = known ? (CACHE_LINE_BYTES - header % CACHE_LINE_BYTES) % CACHE_LINE_BYTES : 0;
        FLOAT_OFFSET = skip / Float.BYTES;
        DOUBLE_OFFSET = skip / Double.BYTES;
    }

    private CacheLineAlignment() {
    }

    /** HotSpot's -XX:ObjectAlignmentInBytes (8 by default), or 0 on a JVM that does not say. */
    static int objectAlignment() {
        String value = vmOption("ObjectAlignmentInBytes");
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Bytes before element 0 of a primitive array: 16 on 64-bit HotSpot with compressed class pointers (the default);
     * -1 for any other layout, which this class does not guess (without compressed class pointers a float[]'s elements
     * start at 20 bytes on JDK 22+, and at 24 before; compact headers, JDK 24+, are different again).
     */
    static int arrayHeaderBytes() {
        if ("true".equals(vmOption("UseCompactObjectHeaders"))) {
            return -1;
        }
        return "true".equals(vmOption("UseCompressedClassPointers")) ? 16 : -1;
    }

    /** A HotSpot option's value, or null where there is no such option (another JVM, or an older or newer one). */
    private static String vmOption(String name) {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(name).getValue();
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
