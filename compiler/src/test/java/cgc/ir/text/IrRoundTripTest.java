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
        System.out.println(IrPrinter.print(TestModels.everything(), "x.cgir.weights"));
        assertRoundTrip(TestModels.everything());
    }

    @Test
    void mobilenetStartRoundTrips() {
        System.out.println(IrPrinter.print(TestModels.mobilenetStart(), "x.cgir.weights"));
        assertRoundTrip(TestModels.mobilenetStart());
    }
}
