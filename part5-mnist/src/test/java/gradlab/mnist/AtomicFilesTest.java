package gradlab.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write killed before its rename leaves "name.HEX.part[suffix]" behind; the next write to that name removes it. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void theNextWriteToATargetRemovesItsStaleTemporariesAndNothingElse() throws Exception {
        Path target = dir.resolve("metrics.json");
        Path stale1 = Files.writeString(dir.resolve("metrics.json.1234abcd.part"), "half");
        Path stale2 = Files.writeString(dir.resolve("metrics.json.ffffffffffffffff.part"), "half");
        Path otherTarget = Files.writeString(dir.resolve("curves.png.1234abcd.part.png"), "half");
        Path notATemporary = Files.writeString(dir.resolve("metrics.json.bak"), "keep");
        Path lookalike = Files.writeString(dir.resolve("metrics.json.xyz.part"), "keep");

        Path tmp = AtomicFiles.tempBeside(target, "");

        assertThat(stale1).doesNotExist();
        assertThat(stale2).doesNotExist();
        assertThat(otherTarget).as("another target's temporary").exists();
        assertThat(notATemporary).exists();
        assertThat(lookalike).as("not HEX between the dots").exists();
        assertThat(tmp.getFileName().toString()).matches("metrics\\.json\\.[0-9a-f]{1,16}\\.part");
        assertThat(tmp).as("nothing is created yet").doesNotExist();
    }

    @Test
    void aSuffixedTemporaryIsMatchedWithItsSuffix() throws Exception {
        Path target = dir.resolve("curves.png");
        Path stale = Files.writeString(dir.resolve("curves.png.00c0ffee.part.png"), "half");
        Path otherSuffix = Files.writeString(dir.resolve("curves.png.00c0ffee.part"), "half");

        AtomicFiles.tempBeside(target, ".png");

        assertThat(stale).doesNotExist();
        assertThat(otherSuffix).as("written with another suffix, so not this writer's").exists();
    }

    @Test
    void aTargetInAFolderThatDoesNotExistYetIsFine() {
        Path tmp = AtomicFiles.tempBeside(dir.resolve("not/yet/metrics.json"), "");
        assertThat(tmp.getParent()).isEqualTo(dir.resolve("not/yet").toAbsolutePath());
    }
}
