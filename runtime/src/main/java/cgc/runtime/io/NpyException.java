package cgc.runtime.io;

import java.io.IOException;

/**
 * A file that is not a readable {@code .npy} array: the message names the file, the byte offset where that is known,
 * what was expected and what was found.
 */
public final class NpyException extends IOException {
    private static final long serialVersionUID = 1L;

    NpyException(String source, long byteOffset, String what) {
        super(source + (byteOffset >= 0 ? ": byte offset " + byteOffset : "") + ": " + what);
    }
}
