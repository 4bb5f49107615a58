package cgc.ir.text;

import cgc.ir.DType;
import cgc.ir.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Tensors written in the text with their values, {@code [1, -1]}: small numeric tensors whose every element prints
 * exactly. All others are shown by content hash and their bytes live in the weights file.
 */
final class InlineTensors {
    private InlineTensors() {}

    /** At most this many elements are written inline. */
    static final int MAX_ELEMENTS = 16;

    /**
     * Whether the text can carry this tensor's values exactly: numeric or bool, at most {@link #MAX_ELEMENTS} elements,
     * every NaN the format's canonical one (the text has a single {@code nan}) and every bool 0 or 1.
     */
    static boolean fits(Weights w) {
        if (w.dtype() == DType.STRING || w.dtype() == DType.UNDEFINED || w.elementCount() > MAX_ELEMENTS) return false;
        ByteBuffer b = w.bytes();
        int n = (int) w.elementCount();
        for (int i = 0; i < n; i++) {
            boolean exact = switch (w.dtype()) {
                case F32 -> canonical(b.getInt(i * 4));
                case F64 -> canonical(b.getLong(i * 8));
                case F16 -> canonicalF16(b.getShort(i * 2));
                case BF16 -> canonicalBf16(b.getShort(i * 2));
                case BOOL -> (b.get(i) & 0xff) <= 1;
                default -> true;
            };
            if (!exact) return false;
        }
        return true;
    }

    private static final short F16_NAN = Float.floatToFloat16(Float.NaN);   // 0x7e00
    private static final short BF16_NAN = 0x7fc0;

    /** Whether the bits are a number or the one NaN that {@code nan} reads back as. */
    private static boolean canonical(int f32) { return f32 == Float.floatToIntBits(Float.intBitsToFloat(f32)); }

    private static boolean canonical(long f64) { return f64 == Double.doubleToLongBits(Double.longBitsToDouble(f64)); }

    private static boolean canonicalF16(short h) { return !Float.isNaN(Float.float16ToFloat(h)) || h == F16_NAN; }

    private static boolean canonicalBf16(short h) { return (h & 0x7fff) <= 0x7f80 || h == BF16_NAN; }

    /** {@code [1, -1]}, in C order. */
    static String format(Weights w) {
        ByteBuffer b = w.bytes();
        int n = (int) w.elementCount();
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) s.append(", ");
            s.append(switch (w.dtype()) {
                case F32 -> Lexemes.formatFloat(b.getFloat(i * 4));
                case F64 -> Lexemes.formatDouble(b.getDouble(i * 8));
                case F16 -> Lexemes.formatFloat(Float.float16ToFloat(b.getShort(i * 2)));
                case BF16 -> Lexemes.formatFloat(Float.intBitsToFloat((b.getShort(i * 2) & 0xffff) << 16));
                case I8 -> Byte.toString(b.get(i));
                case U8 -> Integer.toString(b.get(i) & 0xff);
                case I16 -> Short.toString(b.getShort(i * 2));
                case U16 -> Integer.toString(b.getShort(i * 2) & 0xffff);
                case I32 -> Integer.toString(b.getInt(i * 4));
                case U32 -> Integer.toUnsignedString(b.getInt(i * 4));
                case I64 -> Long.toString(b.getLong(i * 8));
                case U64 -> Long.toUnsignedString(b.getLong(i * 8));
                case BOOL -> b.get(i) != 0 ? "true" : "false";
                case STRING, UNDEFINED -> throw new IllegalArgumentException("no inline form for " + w.dtype().text());
            });
        }
        return s.append(']').toString();
    }

    /** One element as written: its token's text and where it stands, for messages. */
    record Element(String text, boolean isInt, boolean isBool, int line, int column) {}

    /** An element that does not fit the tensor's element type. */
    static final class BadElement extends Exception {
        final Element element;

        BadElement(Element element, String message) {
            super(message, null, false, false);
            this.element = element;
        }
    }

    /** The little-endian bytes of {@code elements} read as {@code dtype} (the caller has checked the count). */
    static byte[] parse(DType dtype, List<Element> elements) throws BadElement {
        ByteBuffer b = ByteBuffer.allocate(elements.size() * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (Element e : elements) {
            try {
                switch (dtype) {
                    case F32 -> b.putFloat(Lexemes.parseFloat(number(e, dtype)));
                    case F64 -> b.putDouble(Lexemes.parseDouble(number(e, dtype)));
                    case F16 -> b.putShort(toF16(Lexemes.parseFloat(number(e, dtype)), e));
                    case BF16 -> b.putShort(toBf16(Lexemes.parseFloat(number(e, dtype)), e));
                    case I8 -> b.put((byte) integer(e, dtype, Byte.MIN_VALUE, Byte.MAX_VALUE));
                    case U8 -> b.put((byte) integer(e, dtype, 0, 0xff));
                    case I16 -> b.putShort((short) integer(e, dtype, Short.MIN_VALUE, Short.MAX_VALUE));
                    case U16 -> b.putShort((short) integer(e, dtype, 0, 0xffff));
                    case I32 -> b.putInt((int) integer(e, dtype, Integer.MIN_VALUE, Integer.MAX_VALUE));
                    case U32 -> b.putInt((int) integer(e, dtype, 0, 0xffff_ffffL));
                    case I64 -> b.putLong(integer(e, dtype, Long.MIN_VALUE, Long.MAX_VALUE));
                    case U64 -> b.putLong(unsigned64(e));
                    case BOOL -> {
                        if (!e.isBool()) throw new BadElement(e, "expected true or false for bool, found " + e.text());
                        b.put((byte) (e.text().equals("true") ? 1 : 0));
                    }
                    case STRING, UNDEFINED ->
                            throw new BadElement(e, "a " + dtype.text() + " tensor has no inline values");
                }
            } catch (Lexemes.BadLexeme x) {
                throw new BadElement(e, x.getMessage());
            }
        }
        return b.array();
    }

    private static String number(Element e, DType dtype) throws BadElement {
        if (e.isBool()) throw new BadElement(e, "expected a number for " + dtype.text() + ", found " + e.text());
        return e.text();
    }

    private static long integer(Element e, DType dtype, long min, long max) throws BadElement, Lexemes.BadLexeme {
        if (!e.isInt()) throw new BadElement(e, "expected an integer for " + dtype.text() + ", found " + e.text());
        long v = Lexemes.parseLong(e.text());
        if (v < min || v > max) throw new BadElement(e, e.text() + " is out of range for " + dtype.text());
        return v;
    }

    private static long unsigned64(Element e) throws BadElement {
        if (!e.isInt()) throw new BadElement(e, "expected an integer for u64, found " + e.text());
        try {
            return Long.parseUnsignedLong(e.text());
        } catch (NumberFormatException x) {
            throw new BadElement(e, e.text() + " is out of range for u64");
        }
    }

    private static short toF16(float f, Element e) throws BadElement {
        short h = Float.floatToFloat16(f);
        if (Float.isInfinite(Float.float16ToFloat(h)) && !Float.isInfinite(f)) {
            throw new BadElement(e, e.text() + " is beyond the range of f16");
        }
        return h;
    }

    /** Rounds to the nearest bfloat16, ties to even. */
    private static short toBf16(float f, Element e) throws BadElement {
        if (Float.isNaN(f)) return BF16_NAN;
        int bits = Float.floatToRawIntBits(f);
        int rounded = (bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16;
        if (Float.isInfinite(Float.intBitsToFloat(rounded << 16)) && !Float.isInfinite(f)) {
            throw new BadElement(e, e.text() + " is beyond the range of bf16");
        }
        return (short) rounded;
    }
}
