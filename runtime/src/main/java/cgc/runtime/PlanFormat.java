package cgc.runtime;

/**
 * The names that tie a plan jar's writer (the compiler's {@code cgc.pack.PlanJar}) to its reader ({@link Plan#load}).
 *
 * <pre>
 * META-INF/MANIFEST.MF   Main-Class: cgc.runtime.JavaCheck (then Launcher), Cgc-Version, Cgc-Model, Cgc-Plan-Class
 * cgc/plan.json          for people and tools: model, placements, buffer plan, weights index (the runtime ignores it)
 * cgc/weights.bin        the constants ({@link WeightsBlob})
 * cgc/kernels.cl         the specialised OpenCL C, present when some layer runs on the GPU
 * cgc/src/…/NAME.java    the generated plan class's source, for people to read
 * cgc/plans/NAME.class   the generated plan class, a {@link PlanProgram}
 * cgc/runtime/…, org/jocl/…, lib/…   this runtime and JOCL with its native libraries
 * </pre>
 */
public final class PlanFormat {
    public static final String PLAN_JSON = "cgc/plan.json";
    public static final String WEIGHTS = "cgc/weights.bin";
    public static final String KERNELS = "cgc/kernels.cl";
    public static final String SOURCE_DIR = "cgc/src/";
    /** The package of every generated plan class. */
    public static final String PLAN_PACKAGE = "cgc.plans";

    /** Manifest attribute: the cgc version that wrote the plan. */
    public static final String VERSION_ATTRIBUTE = "Cgc-Version";
    /** Manifest attribute: the model's name. */
    public static final String MODEL_ATTRIBUTE = "Cgc-Model";
    /** Manifest attribute: the binary name of the generated {@link PlanProgram} class. */
    public static final String CLASS_ATTRIBUTE = "Cgc-Plan-Class";

    private PlanFormat() {}
}
