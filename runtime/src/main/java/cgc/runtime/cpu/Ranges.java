package cgc.runtime.cpu;

/** Checks of the output ranges that split kernels receive. */
final class Ranges {
    private Ranges() {}

    /** Requires {@code 0 <= begin <= end <= size}; an empty range is legal (the other side does everything). */
    static void check(String what, int begin, int end, int size) {
        if (begin < 0 || end < begin || end > size) {
            throw new IndexOutOfBoundsException(what + " range [" + begin + ", " + end + ") is not within [0, "
                    + size + ")");
        }
    }
}
