package cgc.codegen;

/** OpenCL C spellings of Java constants. */
final class CLiterals {
    private CLiterals() {}

    /**
     * A float literal that reads back as exactly {@code v}: {@code 0.5f}, {@code 1.0E-5f}, {@code INFINITY}. The
     * {@code f} suffix matters: an unsuffixed literal is a double, which devices without fp64 reject.
     */
    static String floatLiteral(float v) {
        if (Float.isNaN(v)) return "NAN";
        if (Float.isInfinite(v)) return v > 0 ? "INFINITY" : "(-INFINITY)";
        return Float.toString(v) + "f";
    }
}
