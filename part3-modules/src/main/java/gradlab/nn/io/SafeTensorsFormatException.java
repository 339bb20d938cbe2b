package gradlab.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a valid safetensors file (truncated, corrupt header, bad offsets, unknown dtype...), or a
 * GradLab file whose bytes no longer match their checksums (see {@link SafeTensors}).
 */
public final class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    SafeTensorsFormatException(Path file, String problem) {
        super(file + " is not a valid safetensors file: " + problem + ". Expected " + SafeTensors.FORMAT
                + ". Was it written completely (not truncated), by a safetensors writer?");
    }

    private SafeTensorsFormatException(String message) {
        super(message);
    }

    /** A well-formed file whose bytes do not match their checksums: the message names the file and the part. */
    static SafeTensorsFormatException corrupted(Path file, String problem) {
        return new SafeTensorsFormatException(file + " is corrupted: " + problem);
    }
}
