package gradlab.mnist.data;

import static org.assertj.core.api.Assertions.assertThat;

import gradlab.mnist.tools.MakeEmbeddedSubset;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddedSubsetTest {

    @Test
    void shipsTheDocumentedFiles() throws Exception {
        String[] md5 = {"a2574075a5d585d4aed17648b1d60b96", "ba9fe9fbb2ae92abca72aa51d5676aae",
                "34bc511c44ee9a566ca85cc85db8c9b8", "88bd5bf07a9093ce31a2c7f3598e58b4"};
        long total = 0;
        for (int i = 0; i < 4; i++) {
            MessageDigest d = MessageDigest.getInstance("MD5");
            try (InputStream in = new DigestInputStream(EmbeddedSubset.class.getResourceAsStream(
                    EmbeddedSubset.FOLDER + EmbeddedSubset.FILES[i]), d)) {
                total += in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            assertThat(HexFormat.of().formatHex(d.digest())).as(EmbeddedSubset.FILES[i]).isEqualTo(md5[i]);
        }
        assertThat(total).as("bytes shipped").isLessThan(2_000_000);
    }

    @Test
    void isStratified6000Plus1000() throws IOException {
        MnistData data = EmbeddedSubset.load();
        assertThat(data.full()).isFalse();
        assertThat(data.train().size()).isEqualTo(6000);
        assertThat(data.test().size()).isEqualTo(1000);
        assertThat(data.train().features()).isEqualTo(784);
        int[] counts = new int[10];
        for (int y : data.train().labels()) {
            counts[y]++;
        }
        // MNIST's training set has 6742 ones and 5421 fives of 60000: a tenth of each, rounded.
        assertThat(counts).containsExactly(592, 674, 596, 613, 584, 542, 592, 627, 585, 595);
        assertThat(data.source()).contains("embedded").contains("LeCun").contains("CC BY-SA 3.0");
    }

    @Test
    void stratifiedSampleKeepsEachClassShareAndSumsExactly() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i < 700 ? 0 : i < 900 ? 1 : 2; // 70%, 20%, 10%
        }
        int[] s = MakeEmbeddedSubset.stratifiedSample(labels, 3, 101, new Random(1));
        int[] counts = new int[3];
        for (int i : s) {
            counts[labels[i]]++;
        }
        // 70.7, 20.2, 10.1: the floors sum to 100, the largest remainder (0.7, class 0) gets the last one
        assertThat(counts).containsExactly(71, 20, 10);
        assertThat(s).isSorted().doesNotHaveDuplicates();
    }
}
