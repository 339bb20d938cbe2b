package gradlab.optim.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A safetensors file that is readable but does not hold what an optimizer state file or a checkpoint must hold: no
 * GradLab metadata, metadata that is not the expected JSON, or tensors named outside the scheme. (A file that is not
 * even valid safetensors is part 3's {@link gradlab.nn.io.SafeTensorsFormatException}.)
 */
public final class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * @param what     "optimizer state file" or "checkpoint"
     * @param problem  what is wrong, naming the offending key or value
     * @param expected the expected form, and who writes it
     */
    CheckpointFormatException(Path file, String what, String problem, String expected) {
        super(file + " is not a valid GradLab " + what + ": " + problem + ". Expected " + expected);
    }
}
