package cgc.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitionerTest {
    /** Sides whose time is their MACs at a rate: ms = rate · GMACs. */
    static SideModel linear(double msPerGmac) {
        return new SideModel(Math.log(msPerGmac / 1e9), 1, 0, Map.of());
    }

    private static Profile profile(double cpuMsPerGmac, double gpuMsPerGmac, double syncMs) {
        return new Profile(Profile.FORMAT, "test", 2, "tiled", List.of(), linear(cpuMsPerGmac), linear(gpuMsPerGmac), syncMs,
                new Profile.Range(0, 1e12));
    }

    private static final LayerWork GEMM = new LayerWork("gemm", 1e9, 1e6, 1e6, 1e6);   // 1 GMAC

    @Test
    void sidesTwiceAsFastAsEachOtherShareTheWorkOneToTwo() {
        Partitioner p = new Partitioner(profile(2, 1, 0), 0.05);
        Partitioner.Choice c = p.choose(GEMM, List.of(new Partitioner.Cut("m", 300, 1)));
        assertEquals("split", c.placement());
        assertEquals(0.65, c.ratio(), 0.051, "the GPU, twice as fast, takes about two thirds");
        assertEquals(2.0 / 3, c.predictedMs(), 0.1);
    }

    @Test
    void aSyncDearerThanTheGainKeepsTheLayerOnTheFasterSide() {
        Partitioner p = new Partitioner(profile(2, 1, 0.5), 0.05);
        Partitioner.Choice gpu = p.choose(GEMM, List.of(new Partitioner.Cut("m", 300, 1)));
        assertEquals("gpu", gpu.placement());
        assertEquals(1.0, gpu.predictedMs(), 1e-9);
        assertEquals("gpu", new Partitioner(profile(2, 1, 0.35), 0.05).choose(GEMM, List.of(new Partitioner.Cut("m", 300, 1)))
                .placement(), "a split predicted 1.02 ms against 1: within the margin, so not taken");
        assertEquals("cpu", new Partitioner(profile(1, 3, 0), 0.05).choose(GEMM, List.of()).placement(),
                "no dimension to split along: the faster side");
    }

    @Test
    void theGpuPartIsWholeTiles() {
        Partitioner p = new Partitioner(profile(1, 1, 0), 0.05);
        // 40 units in tiles of 16: the GPU can take 16 or 32, so an even split is out of reach
        Partitioner.Choice c = p.choose(GEMM, List.of(new Partitioner.Cut("n", 40, 16)));
        assertEquals("split", c.placement());
        assertEquals(24.0 / 40, c.predictedMs(), 1e-9, "the CPU's 24 of 40 units, the slower part");
        assertThrows(IllegalArgumentException.class, () -> new Partitioner(profile(1, 1, 0), 0));
    }

    @Test
    void aChainPaysOneSyncAndSharesOneCutInWholeTiles() {
        Partitioner p = new Partitioner(profile(1, 1, 0.3), 0.05);
        // alone, each layer splits at half: 0.5 + 0.3 ms, 1.6 ms for the two; chained, 0.5 + 0.5 on each side + 0.3
        Partitioner.Choice alone = p.choose(GEMM, List.of(new Partitioner.Cut("m", 128, 64)));
        assertEquals(0.8, alone.predictedMs(), 1e-9);
        Partitioner.Choice chain = p.chooseChain(List.of(GEMM, GEMM), new Partitioner.Cut("m", 128, 64)).orElseThrow();
        assertEquals(0.5, chain.ratio(), 1e-12);
        assertEquals(1.3, chain.predictedMs(), 1e-9);
        // 100 rows in tiles of 16: the GPU's 48 (its share reported as 0.48, not the grid's 0.5), the CPU's 52 rows
        Partitioner.Choice tiles = p.chooseChain(List.of(GEMM, GEMM), new Partitioner.Cut("m", 100, 16)).orElseThrow();
        assertEquals(0.48, tiles.ratio(), 1e-12);
        assertEquals(2 * 0.52 + 0.3, tiles.predictedMs(), 1e-9);
        assertEquals(java.util.Optional.empty(), p.chooseChain(List.of(GEMM, GEMM), new Partitioner.Cut("m", 8, 16)),
                "no share leaves both sides a part");
    }
}
