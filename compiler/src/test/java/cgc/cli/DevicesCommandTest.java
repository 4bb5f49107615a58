package cgc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class DevicesCommandTest {
    @Test
    void listsDevicesAndTheSelection() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("devices");
        assertEquals(0, code, err.toString());
        String text = out.toString();
        String last = text.strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("selected (--device auto): "), text);
        if (text.startsWith("no OpenCL devices: ")) {
            assertTrue(last.contains("CPU only"), text);
        } else {
            assertTrue(text.startsWith("0:0  "), text);
            assertTrue(text.contains("     SVM: "), text);
        }
    }

    @Test
    void aSpecThatMatchesNothingSelectsCpuOnly() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).execute("devices", "--device", "no-such-device-xyz");
        assertEquals(0, code);
        assertTrue(out.toString().contains("selected (--device no-such-device-xyz): CPU only ("), out.toString());
    }
}
