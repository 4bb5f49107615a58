package cgc.codegen;

import cgc.ir.Graph;
import cgc.memory.MemoryPlan;
import com.palantir.javapoet.JavaFile;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything code generation made for one model, ready to pack: the graph it was made from, the buffer and weights
 * layouts, the placements and schedule, the Java source and its class files, and the OpenCL kernels with the outcome
 * of their test build ({@code built on DEVICE}, or why not; empty without kernels).
 */
public record GeneratedPlan(String model, Graph graph, MemoryPlan memory, WeightsLayout weights, Placements placements,
                            Schedule schedule, GpuKernels kernels, String kernelCheck, JavaFile source,
                            Map<String, byte[]> classes, GpuKernelStyle gpuKernels) {

    public GeneratedPlan {
        classes = Collections.unmodifiableMap(new LinkedHashMap<>(classes));
    }

    /** The binary name of the plan class. */
    public String className() { return source.packageName() + "." + source.typeSpec().name(); }

    /** The source's path inside the plan jar's {@code cgc/src/}: {@code cgc/plans/MobilenetV2Plan.java}. */
    public String sourcePath() { return className().replace('.', '/') + ".java"; }
}
