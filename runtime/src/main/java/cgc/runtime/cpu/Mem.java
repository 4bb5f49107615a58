package cgc.runtime.cpu;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Float access to segments: element offsets in the API, byte offsets inside. */
final class Mem {
    private Mem() {}

    /** float32, native order; unaligned so that segments over byte arrays work too. */
    static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    static float get(MemorySegment s, long element) {
        return s.get(F, element << 2);
    }

    static void set(MemorySegment s, long element, float v) {
        s.set(F, element << 2, v);
    }
}
