package cgc.runtime.cpu;

/**
 * One GEMM operand packed whole, as {@link GemmJob#packA} / {@link GemmJob#packB} pack a block: for each k block of
 * {@link GemmDriver#kc} (all full but the last), panels of {@code unit} lines (rows of A or columns of B), each
 * k-major, lines past the end zero. A block that starts at a whole panel reads its panels in place.
 */
record Panels(float[] data, int lines, int k, int kc, int unit) {
    /** Packs the k range {@code [k0, k0 + kl)} of every line into {@code dst} (from index 0). */
    @FunctionalInterface
    interface Packer {
        void pack(int k0, int kl, float[] dst);
    }

    static Panels pack(int lines, int k, int unit, Packer packer) {
        int kc = GemmDriver.kc(k);
        int padded = GemmDriver.roundUp(lines, unit);
        float[] data = new float[Math.multiplyExact(padded, k)];
        float[] block = new float[padded * kc];
        for (int k0 = 0; k0 < k; k0 += kc) {
            int kl = Math.min(kc, k - k0);
            packer.pack(k0, kl, block);
            System.arraycopy(block, 0, data, k0 * padded, padded * kl);
        }
        return new Panels(data, lines, k, kc, unit);
    }

    /** Whether a block starting at line {@code line0} reads its panels here. */
    boolean covers(int line0) {
        return line0 % unit == 0;
    }

    /** Where the panels of lines from {@code line0} (a multiple of the unit) for the k block at {@code k0} start. */
    int offset(int line0, int k0) {
        return k0 * GemmDriver.roundUp(lines, unit) + line0 * Math.min(kc, k - k0);
    }
}
