package cgc.conformance;

/** One conformance case: a single-node model, named {@code Op/opsetN/name}. */
record Case(String name, NodeModel model) {
    String op() { return model.opType(); }

    String id() { return op() + "/opset" + model.opset() + "/" + name; }

    @Override public String toString() { return id() + ": " + model; }
}
