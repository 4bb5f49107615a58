package cgc.passes;

/** What is known to hold of the IR after some pass has run (in the manner of Graal's {@code GraphState} stages). */
public enum Stage {
    /** Every value has a type computed by the op table's shape rules. */
    SHAPES_KNOWN("infer-shapes");

    private final String establishedBy;

    Stage(String establishedBy) { this.establishedBy = establishedBy; }

    /** The pass that establishes this stage, for messages such as "run infer-shapes first". */
    public String establishedBy() { return establishedBy; }
}
