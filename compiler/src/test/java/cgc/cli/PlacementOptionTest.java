package cgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.codegen.Placement;
import cgc.codegen.Side;
import cgc.diag.CgcException;
import org.junit.jupiter.api.Test;

class PlacementOptionTest {
    @Test
    void parsesSidesAndSplitRatios() {
        assertEquals(new Placement.OnSide(Side.GPU), CompileCommand.parsePlacement("gpu"));
        assertEquals(new Placement.SplitAt(0.35), CompileCommand.parsePlacement("split:0.35"));
        assertEquals(new Placement.SplitAt(0), CompileCommand.parsePlacement("split:0"));
        assertEquals("split:1.0", CompileCommand.parsePlacement("split:1").label());
        assertEquals(new Placement.SplitAt(0.5, "n"), CompileCommand.parsePlacement("split:0.5:n"));
        assertEquals("split:0.25:oc", CompileCommand.parsePlacement("split:0.25:oc").label());
        assertEquals(new Placement.SplitAt(0.5, "rows"), CompileCommand.parsePlacement("split:0.5:rows"));
    }

    @Test
    void aRatioOutsideTheUnitIntervalOrNotANumberIsOneLineError() {
        for (String bad : new String[] {"split:1.5", "split:-0.1", "split:x", "split:", "split:NaN", "both",
                "split:0.5:cols", "split:0.5:", "split:0.5:m:n", "predicted"}) {
            CgcException e = assertThrows(CgcException.class, () -> CompileCommand.parsePlacement(bad), bad);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void predictedNeedsAProfileAndAProfileNeedsPredicted() {
        Cli noProfile = Cli.run("compile", "m.onnx", "--placement", "predicted");
        assertEquals("cgc: error: --placement predicted needs --profile PROFILE.json", noProfile.firstErrorLine());
        Cli stray = Cli.run("compile", "m.onnx", "--placement", "gpu", "--profile", "p.json");
        assertEquals("cgc: error: --profile is for --placement predicted", stray.firstErrorLine());
    }
}
