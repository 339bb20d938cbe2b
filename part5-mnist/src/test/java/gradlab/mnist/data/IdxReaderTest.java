package gradlab.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 255, 8, 9, 10, 11};

    @Test
    void readsRawAndGzippedImagesAlike() throws IOException {
        Path raw = dir.resolve("images");
        Path gz = dir.resolve("images.gz");
        Files.write(raw, TinyIdx.images(PIXELS, 2, 2, 3));
        Files.write(gz, TinyIdx.gzip(TinyIdx.images(PIXELS, 2, 2, 3)));
        for (Path f : new Path[] {raw, gz}) {
            IdxReader.IdxImages im = IdxReader.readImages(f);
            assertThat(im.count()).as(f.toString()).isEqualTo(2);
            assertThat(im.rows()).isEqualTo(2);
            assertThat(im.cols()).isEqualTo(3);
            assertThat(im.pixels()).containsExactly(PIXELS);
        }
    }

    @Test
    void gzipIsDetectedByMagicBytesNotByName() throws IOException {
        Path f = dir.resolve("labels-without-gz-suffix");
        Files.write(f, TinyIdx.gzip(TinyIdx.labels(new int[] {3, 1, 4})));
        assertThat(IdxReader.readLabels(f, 10)).containsExactly(3, 1, 4);
    }

    @Test
    void datasetNormalisesToUnitInterval() throws IOException {
        Path f = dir.resolve("images");
        Files.write(f, TinyIdx.images(PIXELS, 2, 2, 3));
        Dataset d = Dataset.of(IdxReader.readImages(f), new int[] {0, 1}, "test");
        assertThat(d.pixel(0, 1)).isEqualTo(1 / 255.0);
        assertThat(d.pixel(1, 1)).isEqualTo(1.0);
        float[] asFloats = new float[6];
        double[] asDoubles = new double[6];
        d.copyImage(1, asFloats, 0);
        d.copyImage(1, asDoubles, 0);
        for (int j = 0; j < 6; j++) {
            assertThat(asDoubles[j]).isEqualTo((PIXELS[6 + j] & 0xff) / 255.0);
            assertThat(asFloats[j]).isEqualTo((float) ((PIXELS[6 + j] & 0xff) / 255.0));
        }
        assertThat(d.features()).isEqualTo(6);
    }

    @Test
    void wrongMagicNamesFileAndBothNumbers() throws IOException {
        Path f = dir.resolve("train-labels-idx1-ubyte");
        Files.write(f, TinyIdx.images(PIXELS, 2, 2, 3)); // an images file where labels are expected
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("magic number 0x00000803 is not 0x00000801")
                .hasMessageContaining("images for labels");
    }

    @Test
    void truncatedRawFileSaysHowManyBytesAreMissing() throws IOException {
        Path f = dir.resolve("images");
        byte[] whole = TinyIdx.images(PIXELS, 2, 2, 3);
        Files.write(f, Arrays.copyOf(whole, whole.length - 5));
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageStartingWith(f + ": truncated: the header announces 2 images of 2x3 (28 bytes)"
                        + " but the file holds 23 bytes");
    }

    @Test
    void truncatedGzipIsReportedAsSuch() throws IOException {
        Path f = dir.resolve("images.gz");
        byte[] gz = TinyIdx.gzip(TinyIdx.images(new byte[6000], 1000, 2, 3));
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        assertThatThrownBy(() -> IdxReader.readImages(f))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("gzip data is truncated or corrupt");
    }

    @Test
    void extraBytesAreAnError() throws IOException {
        Path f = dir.resolve("labels");
        byte[] whole = TinyIdx.labels(new int[] {1, 2});
        Files.write(f, Arrays.copyOf(whole, whole.length + 3));
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .hasMessageContaining("3 bytes after the 2 labels the header announces");
    }

    @Test
    void labelOutOfRangeNamesIndexAndValue() throws IOException {
        Path f = dir.resolve("labels");
        Files.write(f, TinyIdx.labels(new int[] {1, 2, 12}));
        assertThatThrownBy(() -> IdxReader.readLabels(f, 10))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("label 2 is 12, outside [0, 10)");
    }

    @Test
    void shortHeaderAndMissingFile() throws IOException {
        Path f = dir.resolve("tiny");
        Files.write(f, new byte[] {0, 0, 8});
        assertThatThrownBy(() -> IdxReader.readImages(f)).hasMessageContaining("only 3 bytes, shorter than an IDX"
                + " header");
        assertThatThrownBy(() -> IdxReader.readImages(dir.resolve("absent")))
                .hasMessageContaining("absent: no such file");
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path f = dir.resolve("images");
        Files.write(f, TinyIdx.images(PIXELS, 2, 2, 3));
        assertThatThrownBy(() -> Dataset.of(IdxReader.readImages(f), new int[] {1, 2, 3}, "training set"))
                .hasMessageContaining("training set: 2 images but 3 labels");
    }
}
