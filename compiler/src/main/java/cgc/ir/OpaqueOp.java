package cgc.ir;

/**
 * An operator cgc does not know, kept only when the user asks ({@code --allow-unknown-ops}): it can be printed,
 * parsed and exported, but no pass looks inside it and no plan can run it.
 */
public record OpaqueOp(String domain, String opType) implements Op {}
