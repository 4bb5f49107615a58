package cgc.runtime.cpu;

/**
 * The geometry of one ONNX Gemm: {@code Y (m x n) = act(alpha * A' · B' + beta * C)}, A' = A or Aᵀ (m x k),
 * B' = B or Bᵀ (k x n), C absent ({@code cRows == cCols == 0}) or broadcast from {@code cRows x cCols}, where
 * {@code cRows} is 1 or m and {@code cCols} is 1 or n (so a bias of shape [n] is {@code 1 x n}).
 */
public record GemmSpec(int m, int n, int k, boolean transA, boolean transB, float alpha, float beta,
                       int cRows, int cCols, Act act) {
    public GemmSpec {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("Gemm sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        boolean noC = cRows == 0 && cCols == 0;
        if (!noC && !((cRows == 1 || cRows == m) && (cCols == 1 || cCols == n))) {
            throw new IllegalArgumentException("Gemm C of " + cRows + "x" + cCols + " does not broadcast to "
                    + m + "x" + n);
        }
    }

    /** Y = A · B, nothing else. */
    public static GemmSpec plain(int m, int n, int k) {
        return new GemmSpec(m, n, k, false, false, 1f, 1f, 0, 0, Act.NONE);
    }

    boolean hasC() {
        return cRows != 0;
    }

    /** Multiply-adds of the whole product. */
    public long macs() {
        return (long) m * n * k;
    }
}
