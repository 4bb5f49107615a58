package cgc.ir.text;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Dim;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.OpaqueOp;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/** Hand-built models that exercise every corner of the IR text. */
final class TestModels {
    private TestModels() {}

    static Node node(String name, OpKind op, List<String> in, List<String> out, Map<String, Attr> attrs) {
        return new Node(name, op, in, out, Attrs.of(attrs));
    }

    static Model model(String name, Graph g) {
        SequencedMap<String, Long> opsets = new LinkedHashMap<>();
        opsets.put("", 17L);
        opsets.put("com.microsoft", 1L);
        return new Model(name, 8, opsets, "pytorch 2.11.0", g);
    }

    /** {@code n} elements of {@code dtype} with a deterministic byte pattern (any bits; floats may be odd NaNs). */
    static Weights pattern(DType dtype, long... shape) {
        List<Long> dims = java.util.Arrays.stream(shape).boxed().toList();
        long count = 1;
        for (long d : shape) count *= d;
        byte[] bytes = new byte[(int) count * dtype.byteSize()];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 37 + dtype.onnxCode() * 11 + 3);
        return Weights.of(dtype, dims, bytes);
    }

    /** Small tensors whose values print exactly, one per element type. */
    static Weights small(DType dtype) {
        ByteBuffer b = ByteBuffer.allocate(4 * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case F32 -> b.putFloat(-0.0f).putFloat(Float.NaN).putFloat(Float.NEGATIVE_INFINITY).putFloat(1.0e-45f);
            case F64 -> b.putDouble(0.1).putDouble(Double.POSITIVE_INFINITY).putDouble(-2.5e300).putDouble(Double.NaN);
            case F16 -> b.putShort(Float.floatToFloat16(65504f)).putShort(Float.floatToFloat16(-0.0f))
                    .putShort(Float.floatToFloat16(Float.NaN)).putShort((short) 1);
            case BF16 -> b.putShort((short) 0x3f80).putShort((short) 0x7fc0).putShort((short) 0xff80).putShort((short) 0x0001);
            case I8 -> b.put((byte) -128).put((byte) 127).put((byte) 0).put((byte) -1);
            case U8 -> b.put((byte) 255).put((byte) 0).put((byte) 1).put((byte) 128);
            case I16 -> b.putShort(Short.MIN_VALUE).putShort(Short.MAX_VALUE).putShort((short) 0).putShort((short) -1);
            case U16 -> b.putShort((short) 0xffff).putShort((short) 0).putShort((short) 1).putShort((short) 0x8000);
            case I32 -> b.putInt(Integer.MIN_VALUE).putInt(Integer.MAX_VALUE).putInt(0).putInt(-1);
            case U32 -> b.putInt(-1).putInt(0).putInt(1).putInt(Integer.MIN_VALUE);
            case I64 -> b.putLong(Long.MIN_VALUE).putLong(Long.MAX_VALUE).putLong(0).putLong(-1);
            case U64 -> b.putLong(-1).putLong(0).putLong(1).putLong(Long.MIN_VALUE);
            case BOOL -> b.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 1);
            case STRING, UNDEFINED -> throw new IllegalArgumentException(dtype.toString());
        }
        return Weights.of(dtype, List.of(2L, 2L), b.array());
    }

    static final List<DType> NUMERIC = java.util.Arrays.stream(DType.values())
            .filter(d -> d != DType.STRING && d != DType.UNDEFINED).toList();

    /** A model holding everything the text can express. */
    static Model everything() {
        TensorType image = new TensorType(DType.F32, List.of(Dim.symbol("N"), Dim.of(3), Dim.UNKNOWN, Dim.symbol("width + 1")));
        Graph.Builder g = Graph.builder("main graph")
                .input("input", image)
                .input("/odd name/with \"quotes\" and \\ and ünïcödé\n", TensorType.unranked(DType.F16))
                .input("cond", TensorType.of(DType.BOOL))
                .input("123", TensorType.UNKNOWN);
        for (DType d : NUMERIC) {
            g.constant("small." + d.text(), small(d));
            g.constant("large." + d.text(), pattern(d, 3, 7));
        }
        g.constant("scalar", Weights.ofFloats(List.of(), 3.5f));
        g.constant("empty", Weights.ofLongs(List.of(0L)));
        g.constant("odd nan", Weights.ofFloats(List.of(1L), Float.intBitsToFloat(0x7fc00001)));
        g.constant("negative nan", Weights.ofFloats(List.of(1L), Float.intBitsToFloat(0xffc00000)));
        g.constant("bool 2", Weights.of(DType.BOOL, List.of(1L), new byte[] {2}));
        g.constant("sixteen", Weights.ofLongs(List.of(16L), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        g.constant("seventeen", Weights.ofLongs(List.of(17L), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16));
        g.constant("same bytes as large.i32", Weights.of(DType.F32, List.of(21L), pattern(DType.I32, 3, 7).copyBytes()));
        g.constant("large.f32 again", pattern(DType.F32, 3, 7));
        g.constant("strings", Weights.of(DType.STRING, List.of(2L), new byte[0]));

        Map<String, Attr> all = new LinkedHashMap<>();
        all.put("i", new Attr.Int(-42));
        all.put("i_max", new Attr.Int(Long.MAX_VALUE));
        all.put("f", new Attr.Float(1.0e-5f));
        all.put("f_neg_zero", new Attr.Float(-0.0f));
        all.put("f_nan", new Attr.Float(Float.NaN));
        all.put("f_inf", new Attr.Float(Float.POSITIVE_INFINITY));
        all.put("f_ninf", new Attr.Float(Float.NEGATIVE_INFINITY));
        all.put("f_max", new Attr.Float(Float.MAX_VALUE));
        all.put("f_tiny", new Attr.Float(Float.MIN_VALUE));
        all.put("s", new Attr.Str("tab\there \"quoted\" \\ \u0000 \u200b \ud800 😀"));
        all.put("s_empty", new Attr.Str(""));
        all.put("t_small", new Attr.Tensor(Weights.ofLongs(List.of(2L), 1, -1)));
        all.put("t_large", new Attr.Tensor(pattern(DType.F32, 64)));
        all.put("ints", Attr.ints(1, -2, 3));
        all.put("floats", new Attr.Floats(List.of(0.5f, Float.NaN, -0.0f, 3.4028235e38f)));
        all.put("strings", new Attr.Strs(List.of("a", "b c", "")));
        all.put("tensors", new Attr.Tensors(List.of(Weights.ofLongs(List.of(1L), 7), pattern(DType.U8, 100))));
        all.put("no_ints", new Attr.Ints(List.of()));
        all.put("no_floats", new Attr.Floats(List.of()));
        all.put("no_strings", new Attr.Strs(List.of()));
        all.put("no_tensors", new Attr.Tensors(List.of()));
        all.put("no_graphs", new Attr.Graphs(List.of()));
        all.put("graph", new Attr.Str("a reserved word as a name"));
        all.put("odd attr name", new Attr.Int(1));
        all.put("cgc.act", new Attr.Str("relu"));
        g.node(new Node("everything", new OpaqueOp("com.microsoft", "FusedEverything"),
                List.of("input", "", "large.f32"), List.of("e0", "", "e2"), Attrs.of(all)));
        g.type("e0", TensorType.of(DType.F32, 1, 2));
        g.type("e2", TensorType.unranked(DType.I64));

        g.node(node("/features/0/Conv", OpKind.CONV, List.of("input", "large.f32", ""), List.of("/features/0/Conv_output_0"),
                Map.of("dilations", Attr.ints(1, 1), "group", new Attr.Int(1), "kernel_shape", Attr.ints(3, 3),
                        "pads", Attr.ints(1, 1, 1, 1), "strides", Attr.ints(2, 2))));
        g.type("/features/0/Conv_output_0", TensorType.of(DType.F32, 1, 32, 112, 112));
        g.node(node("", OpKind.CLIP, List.of("/features/0/Conv_output_0", "", "scalar"), List.of("clipped"), Map.of()));
        g.node(node("Split_3", OpKind.SPLIT, List.of("clipped"), List.of("a", "b"), Map.of("axis", new Attr.Int(1))));
        g.type("a", TensorType.of(DType.F32, 1, 16, 112, 112));
        g.type("b", TensorType.of(DType.F32, 1, 16, 112, 112));
        g.node(node("Dropout", OpKind.DROPOUT, List.of("a"), List.of("dropped", ""), Map.of()));
        g.node(new Node("opaque default domain", new OpaqueOp("", "Einsum"), List.of("a", "b"), List.of("ab"),
                Attrs.of(Map.of("equation", new Attr.Str("ij,jk->ik")))));
        g.node(new Node("opaque reserved", new OpaqueOp("", "graph"), List.of(), List.of(), Attrs.EMPTY));

        Graph thenBranch = Graph.builder("then")
                .constant("one", Weights.ofFloats(List.of(1L), 1.0f))
                .node(node("then_add", OpKind.ADD, List.of("a", "one"), List.of("then_out"), Map.of()))
                .type("then_out", TensorType.of(DType.F32, 1, 16, 112, 112))
                .output("then_out")
                .build();
        Graph innerElse = Graph.builder("inner else")
                .node(node("inner_neg", OpKind.NEG, List.of("b"), List.of("inner_out"), Map.of()))
                .output("inner_out")
                .build();
        Graph elseBranch = Graph.builder("else")
                .constant("big", pattern(DType.F32, 1, 16, 1, 1))
                .node(node("nested_if", OpKind.IF, List.of("cond"), List.of("nested_out"),
                        Map.of("then_branch", new Attr.GraphValue(innerElse), "else_branch", new Attr.GraphValue(innerElse))))
                .node(node("else_mul", OpKind.MUL, List.of("nested_out", "big"), List.of("else_out"), Map.of()))
                .output("else_out")
                .output("b")
                .type("b", TensorType.of(DType.F32, 1, 16, 112, 112))
                .build();
        g.node(node("If_0", OpKind.IF, List.of("cond"), List.of("if_out", "if_b"),
                Map.of("then_branch", new Attr.GraphValue(thenBranch), "else_branch", new Attr.GraphValue(elseBranch),
                        "extra", new Attr.Graphs(List.of(thenBranch, innerElse)))));
        g.type("if_out", TensorType.of(DType.F32, 1, 16, 112, 112));
        g.output("if_out").output("e2").output("123").output("small.f32");
        return model("everything \"model\"", g.build());
    }

    /** A small, realistic model: the start of MobileNetV2. */
    static Model mobilenetStart() {
        Graph.Builder g = Graph.builder("main_graph").input("input", TensorType.of(DType.F32, 1, 3, 224, 224));
        g.constant("features.0.0.weight", pattern(DType.F32, 32, 3, 3, 3));
        g.constant("features.0.0.bias", pattern(DType.F32, 32));
        g.node(node("/features/0/0/Conv", OpKind.CONV, List.of("input", "features.0.0.weight", "features.0.0.bias"),
                List.of("/features/0/0/Conv_output_0"),
                Map.of("dilations", Attr.ints(1, 1), "group", new Attr.Int(1), "kernel_shape", Attr.ints(3, 3),
                        "pads", Attr.ints(1, 1, 1, 1), "strides", Attr.ints(2, 2))));
        g.type("/features/0/0/Conv_output_0", TensorType.of(DType.F32, 1, 32, 112, 112));
        g.node(node("/features/0/2/Constant", OpKind.CONSTANT, List.of(), List.of("/features/0/2/Constant_output_0"),
                Map.of("value", new Attr.Tensor(Weights.ofFloats(List.of(), 0.0f)))));
        g.node(node("/features/0/2/Constant_1", OpKind.CONSTANT, List.of(), List.of("/features/0/2/Constant_1_output_0"),
                Map.of("value", new Attr.Tensor(Weights.ofFloats(List.of(), 6.0f)))));
        g.node(node("/features/0/2/Clip", OpKind.CLIP,
                List.of("/features/0/0/Conv_output_0", "/features/0/2/Constant_output_0", "/features/0/2/Constant_1_output_0"),
                List.of("/features/0/2/Clip_output_0"), Map.of()));
        g.type("/features/0/2/Clip_output_0", TensorType.of(DType.F32, 1, 32, 112, 112));
        g.node(node("/GlobalAveragePool", OpKind.GLOBAL_AVERAGE_POOL, List.of("/features/0/2/Clip_output_0"),
                List.of("/GlobalAveragePool_output_0"), Map.of()));
        g.type("/GlobalAveragePool_output_0", TensorType.of(DType.F32, 1, 32, 1, 1));
        g.node(node("/Flatten", OpKind.FLATTEN, List.of("/GlobalAveragePool_output_0"), List.of("/Flatten_output_0"),
                Map.of("axis", new Attr.Int(1))));
        g.type("/Flatten_output_0", TensorType.of(DType.F32, 1, 32));
        g.constant("classifier.1.weight", pattern(DType.F32, 10, 32));
        g.constant("classifier.1.bias", pattern(DType.F32, 10));
        g.node(node("/classifier/classifier.1/Gemm", OpKind.GEMM,
                List.of("/Flatten_output_0", "classifier.1.weight", "classifier.1.bias"), List.of("output"),
                Map.of("alpha", new Attr.Float(1.0f), "beta", new Attr.Float(1.0f), "transB", new Attr.Int(1))));
        g.type("output", TensorType.of(DType.F32, 1, 10));
        g.output("output");
        SequencedMap<String, Long> opsets = new LinkedHashMap<>();
        opsets.put("", 17L);
        return new Model("mobilenet_v2", 8, opsets, "pytorch 2.11.0", g.build());
    }

    static List<Weights> largeTensors(Model m) { return new ArrayList<>(LargeTensors.of(m).tensors()); }
}
