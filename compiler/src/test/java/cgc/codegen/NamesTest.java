package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NamesTest {
    @Test
    void onnxNamesBecomeReadableUniqueIdentifiers() {
        Names n = new Names();
        assertEquals("featuresConv", n.method("a", "/features/Conv"));
        assertEquals("featuresConv_", n.method("b", "/features.Conv"));
        assertEquals("featuresConv", n.method("a", "ignored on second use"));
        assertEquals("_0Conv", n.method("c", "0/Conv"), "a leading digit is not a Java identifier");
        assertEquals("new_", n.method("d", "new"), "keywords are avoided");
        assertEquals("run_", n.method("e", "run"), "run() is the plan's own method");
        assertEquals("node", n.method("f", "///"));
    }

    @Test
    void constantsAreUpperSnake() {
        Names n = new Names();
        assertEquals("FEATURES_0_CONV_SPEC", n.constant("a", "/features/0/Conv", "spec"));
        assertEquals("FEATURES_0_CONV_SPEC_", n.constant("b", "features_0.Conv", "spec"));
        assertEquals("LAYOUT_", n.constant("c", "layout", ""));
    }

    @Test
    void planClassNames() {
        assertEquals("MobilenetV2Plan", Names.planClass("mobilenet_v2"));
        assertEquals("Squeezenet11Plan", Names.planClass("squeezenet1_1"));
        assertEquals("_3dUnetPlan", Names.planClass("3d-unet"));
    }
}
