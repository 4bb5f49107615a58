package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cgc.ir.Model;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IrRoundTripTest {

    private static Model parse(String text, Model source) {
        return IrParser.parse(text, Path.of("test.cgir"), WeightsLookup.of(TestModels.largeTensors(source)));
    }

    private static void assertRoundTrip(Model m) {
        String text = IrPrinter.print(m, "test.cgir.weights");
        Model parsed = parse(text, m);
        assertEquals(Optional.empty(), IrDiff.difference(m, parsed));
        assertEquals(m, parsed);
        assertEquals(text, IrPrinter.print(parsed, "test.cgir.weights"));
    }

    @Test
    void everythingRoundTrips() {
        assertRoundTrip(TestModels.everything());
    }

    @Test
    void mobilenetStartRoundTrips() {
        assertRoundTrip(TestModels.mobilenetStart());
    }
}
