package gradlab.mnist.data;

import java.io.IOException;

/** An IDX file that cannot be used: wrong magic number, wrong dimensions, truncated, or a label out of range. */
public final class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** "{file}: {what is wrong}. {fix}" */
    public IdxFormatException(String file, String problem, String fix) {
        super(file + ": " + problem + ". " + fix);
    }
}
