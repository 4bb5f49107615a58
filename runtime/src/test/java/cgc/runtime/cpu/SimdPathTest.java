package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The kernels take the vector path exactly when the incubator module is there and not switched off. */
class SimdPathTest {
    @Test
    void pathFollowsTheModuleAndTheProperty() {
        boolean module = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean wanted = !"false".equalsIgnoreCase(System.getProperty("cgc.vector"));
        assertEquals(module && wanted ? VectorSimdName.NAME : "ScalarSimd", Simd.INSTANCE.getClass().getSimpleName());
    }

    /** The scalar test run starts the JVM without the module, as {@code java -jar} does; the kernels still link. */
    @Test
    void scalarRunHasNoVectorModule() {
        if (Boolean.getBoolean("cgc.test.noVectorModule")) {
            assertEquals(false, ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
        }
    }

    /** Named here without a class literal, so this test links where the module is absent. */
    private static final class VectorSimdName {
        static final String NAME = "VectorSimd";
    }
}
