package cgc.codegen;

/** Where a layer runs: on the host cores (Java), or on the OpenCL device. */
public enum Side {
    CPU, GPU;

    public String label() { return name().toLowerCase(); }
}
