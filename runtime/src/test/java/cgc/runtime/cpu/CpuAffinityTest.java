package cgc.runtime.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CpuAffinityTest {
    @Test
    void parsesCoreListsAsTasksetWritesThem() {
        BitSet s = CpuAffinity.parse("0-2, 5,8-9");
        assertEquals("{0, 1, 2, 5, 8, 9}", s.toString());
        for (String bad : new String[] {"", "a", "3-1", "-1", "1-", "99999"}) {
            var e = assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse(bad), bad);
            assertTrue(e.getMessage().contains("not a core list"), e.getMessage());
        }
    }

    @Test
    void pinsTheCallingThreadOnly() throws Exception {
        Path status = Path.of("/proc/thread-self/status");
        assumeTrue(Files.isReadable(status), "Linux only");
        AtomicReference<String> pinned = new AtomicReference<>();
        Thread t = new Thread(() -> {
            assertTrue(CpuAffinity.pinCurrentThread(CpuAffinity.parse("0")));
            pinned.set(allowed(status));
        });
        t.start();
        t.join();
        assertEquals("0", pinned.get());
        assertTrue(!allowed(status).equals("0") || Runtime.getRuntime().availableProcessors() == 1,
                "the test thread itself is not pinned");
    }

    private static String allowed(Path status) {
        try {
            return Files.readAllLines(status).stream().filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .findFirst().orElseThrow().substring("Cpus_allowed_list:".length()).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
