package gradlab.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a valid safetensors file (truncated, corrupt header, bad offsets, unknown dtype...). */
public final class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    SafeTensorsFormatException(Path file, String problem) {
        super(file + " is not a valid safetensors file: " + problem + ". Expected " + SafeTensors.FORMAT
                + ". Was it written completely (not truncated), by a safetensors writer?");
    }
}
