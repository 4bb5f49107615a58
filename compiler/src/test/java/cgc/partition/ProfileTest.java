package cgc.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.diag.CgcException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    @Test
    void aProfileReadsBackAsWritten(@TempDir Path dir) {
        Profile p = new Profile(Profile.FORMAT, "PoCL, 8 compute units", 8, "vector", List.of("layers.json"),
                new SideModel(-14, 0.9, 0.1, Map.of("depthwise", 1.5, "gemm", -0.2)), new SideModel(-12, 0.8, 0, Map.of()), 0.03, new Profile.Range(1e5, 2e9));
        p.write(dir.resolve("p.json"));
        assertEquals(p, Profile.read(dir.resolve("p.json")));
    }

    @Test
    void aFileThatIsNoProfileIsAOneLineErrorNamingIt(@TempDir Path dir) throws Exception {
        for (String bad : new String[] {"{", "[]", "{\"format\": \"other/1\"}",
                "{\"format\": \"cgc-profile/1\", \"device\": \"d\", \"threads\": 1, \"gpuKernels\": \"tiled\", \"sources\": [], \"syncMs\": -1, \"macs\": {\"min\": 1, \"max\": 2},"
                        + " \"cpu\": {\"logMs\": 0, \"macsExponent\": 1, \"bytesExponent\": 0, \"kindLog\": {}},"
                        + " \"gpu\": {\"logMs\": 0, \"macsExponent\": 1, \"bytesExponent\": 0, \"kindLog\": {}}}"}) {
            Path f = Files.writeString(dir.resolve("bad.json"), bad);
            CgcException e = assertThrows(CgcException.class, () -> Profile.read(f), bad);
            assertEquals(1, e.describe().lines().count(), e.describe());
            assertTrue(e.describe().contains("bad.json"), e.describe());
        }
        Path noCoefficient = Files.writeString(dir.resolve("partial.json"), "{\"format\": \"cgc-profile/1\", \"device\": \"d\","
                + " \"threads\": 1, \"gpuKernels\": \"tiled\", \"sources\": [], \"syncMs\": 0.02, \"macs\": {\"min\": 1, \"max\": 2},"
                + " \"cpu\": {\"logMs\": 0, \"bytesExponent\": 0, \"kindLog\": {}},"
                + " \"gpu\": {\"logMs\": 0, \"macsExponent\": 1, \"bytesExponent\": 0, \"kindLog\": {}}}");
        CgcException partial = assertThrows(CgcException.class, () -> Profile.read(noCoefficient), "cpu has no macsExponent");
        assertTrue(partial.describe().contains("macsExponent"), partial.describe());
        CgcException missing = assertThrows(CgcException.class, () -> Profile.read(dir.resolve("none.json")));
        assertTrue(missing.describe().contains("none.json"), missing.describe());
    }
}
