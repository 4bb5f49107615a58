package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LexemesTest {

    @Test
    void everyFloatBitPatternRoundTripsExceptNanPayloads() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            float f = Float.intBitsToFloat(random.nextInt());
            String text = Lexemes.formatFloat(f);
            float back = Lexemes.parseFloat(text);
            if (Float.isNaN(f)) assertEquals("nan", text);
            else assertEquals(Float.floatToRawIntBits(f), Float.floatToRawIntBits(back), text);
        }
    }

    @Test
    void everyDoubleBitPatternRoundTripsExceptNanPayloads() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            double back = Lexemes.parseDouble(Lexemes.formatDouble(d));
            if (!Double.isNaN(d)) assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(back));
        }
    }

    @Test
    void floatsPrintInShortestForm() {
        assertEquals("1.0", Lexemes.formatFloat(1f));
        assertEquals("-0.0", Lexemes.formatFloat(-0f));
        assertEquals("1.0E-5", Lexemes.formatFloat(1e-5f));
        assertEquals("0.1", Lexemes.formatFloat(0.1f));
        assertEquals("inf", Lexemes.formatFloat(Float.POSITIVE_INFINITY));
        assertEquals("-inf", Lexemes.formatFloat(Float.NEGATIVE_INFINITY));
        assertEquals("nan", Lexemes.formatFloat(Float.NaN));
    }

    @Test
    void stringsRoundTripWhateverTheyHold() throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            int n = random.nextInt(8);
            for (int j = 0; j < n; j++) {
                s.append(switch (random.nextInt(4)) {
                    case 0 -> (char) random.nextInt(128);          // ASCII, control characters included
                    case 1 -> (char) random.nextInt(0x10000);      // any UTF-16 unit, lone surrogates included
                    case 2 -> "\"\\";
                    default -> Character.toString(0x10000 + random.nextInt(0x100000));
                });
            }
            String quoted = Lexemes.quote(s.toString());
            assertEquals(s.toString(), Lexemes.unquote(quoted, 0), quoted);
        }
    }

    @Test
    void quotingIsReadable() {
        assertEquals("\"a \\\"b\\\" \\\\ \\n\\t\\r \\u{0} \\u{200B} \\u{D800} ü 😀\"",
                Lexemes.quote("a \"b\" \\ \n\t\r \u0000 \u200b \ud800 ü 😀"));
    }

    @Test
    void namesPrintBareOnlyWhenTheLexerReadsThemBack() {
        assertEquals("%x", Lexemes.value("x"));
        assertEquals("%123", Lexemes.value("123"));
        assertEquals("%input.1", Lexemes.value("input.1"));
        assertEquals("%\"/features/0/Conv_output_0\"", Lexemes.value("/features/0/Conv_output_0"));
        assertEquals("%\"onnx::Conv_193\"", Lexemes.value("onnx::Conv_193"));
        assertEquals("%\"\"", Lexemes.value(""));
        assertEquals("@Conv_17", Lexemes.nodeName("Conv_17"));
        assertEquals("axis", Lexemes.ident("axis"));
        assertEquals("cgc.act", Lexemes.ident("cgc.act"));
        assertEquals("\"nan\"", Lexemes.ident("nan"));
        assertEquals("\"graph\"", Lexemes.ident("graph"));
        assertEquals("\"1x\"", Lexemes.ident("1x"));
    }

    @Test
    void badEscapesAreRejectedWithTheirOffset() {
        Lexemes.BadLexeme e = assertThrows(Lexemes.BadLexeme.class, () -> Lexemes.unquote("\"ab\\q\"", 0));
        assertEquals(3, e.offset);
        assertThrows(Lexemes.BadLexeme.class, () -> Lexemes.unquote("\"\\u{110000}\"", 0));
        assertThrows(Lexemes.BadLexeme.class, () -> Lexemes.unquote("\"\\u{}\"", 0));
        assertThrows(Lexemes.BadLexeme.class, () -> Lexemes.unquote("\"\\u{1234567}\"", 0));
        assertThrows(Lexemes.BadLexeme.class, () -> Lexemes.unquote("\"\\u0041\"", 0));
    }
}
