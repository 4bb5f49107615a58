package cgc.runtime.cl;

/** What the CPU is about to do with a byte range of a {@link Region}. */
public enum Access {
    /** Read what the device (or an earlier CPU step) wrote. */
    READ,
    /**
     * Overwrite every byte of the range. The range's old contents are not brought to the CPU first, so the CPU must
     * write all of it: under COARSE the map invalidates the range, under BUFFERS nothing is read back.
     */
    WRITE,
    /** Read, then write some of the range. */
    READ_WRITE;

    boolean reads() {
        return this != WRITE;
    }

    boolean writes() {
        return this != READ;
    }
}
