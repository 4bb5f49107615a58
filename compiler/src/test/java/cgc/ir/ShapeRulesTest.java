package cgc.ir;

import static cgc.ir.TestGraphs.attrs;
import static cgc.ir.TestGraphs.f32;
import static cgc.ir.TestGraphs.i64;
import static cgc.ir.TestGraphs.longs;
import static cgc.ir.TestGraphs.type;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.diag.CgcException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShapeRulesTest {

    /** One node under test: its inputs' types and constant values, its opset. */
    private static final class Case {
        final long opset;
        final Map<String, TensorType> types = new LinkedHashMap<>();
        final Map<String, Weights> constants = new LinkedHashMap<>();
        final List<String> inputs = new ArrayList<>();

        Case(long opset) { this.opset = opset; }

        Case in(String name, TensorType t) { types.put(name, t); inputs.add(name); return this; }
        Case in(String name, Weights w) { constants.put(name, w); inputs.add(name); return this; }
        Case absent() { inputs.add(""); return this; }

        List<TensorType> run(OpKind op, int outputs, Attrs a) {
            List<String> outs = new ArrayList<>();
            for (int i = 0; i < outputs; i++) outs.add("y" + i);
            Node n = new Node("n", op, inputs, outs, a);
            return op.inferShapes(ShapeContext.of(n, opset, v -> constants.containsKey(v) ? constants.get(v).type()
                    : types.getOrDefault(v, TensorType.UNKNOWN), v -> java.util.Optional.ofNullable(constants.get(v)),
                    g -> g.outputs().stream().map(g::type).toList()));
        }

        TensorType run(OpKind op, Object... attrKv) { return run(op, 1, attrs(attrKv)).getFirst(); }

        String error(OpKind op, Object... attrKv) {
            return assertThrows(CgcException.class, () -> run(op, 1, attrs(attrKv))).describe();
        }
    }

    private static Case opset(long v) { return new Case(v); }

    // ---- convolution and pooling

    @Test void convStridesAndPads() {
        assertEquals(f32(1, 32, 112, 112), opset(17).in("x", f32(1, 3, 224, 224)).in("w", f32(32, 3, 3, 3))
                .run(OpKind.CONV, "strides", new long[] {2, 2}, "pads", new long[] {1, 1, 1, 1}));
    }

    @Test void convDepthwiseAndDilation() {
        assertEquals(f32(1, 32, 56, 56), opset(17).in("x", f32(1, 32, 56, 56)).in("w", f32(32, 1, 3, 3)).in("b", f32(32))
                .run(OpKind.CONV, "group", 32, "pads", new long[] {2, 2, 2, 2}, "dilations", new long[] {2, 2}));
    }

    @Test void convAutoPad() {
        Case c = opset(17).in("x", f32(1, 1, 7, 7)).in("w", f32(4, 1, 3, 3));
        assertEquals(f32(1, 4, 4, 4), c.run(OpKind.CONV, "auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}));
        assertEquals(f32(1, 4, 4, 4), c.run(OpKind.CONV, "auto_pad", "SAME_LOWER", "strides", new long[] {2, 2}));
        assertEquals(f32(1, 4, 3, 3), c.run(OpKind.CONV, "auto_pad", "VALID", "strides", new long[] {2, 2}));
        assertEquals(f32(1, 4, 5, 5), c.run(OpKind.CONV));
    }

    @Test void explicitPadsResolveAutoPad() {
        Node upper = new Node("c", OpKind.CONV, List.of("x", "w"), List.of("y"), attrs("auto_pad", "SAME_UPPER", "strides", new long[] {2, 2}));
        Node lower = upper.withAttrs(attrs("auto_pad", "SAME_LOWER", "strides", new long[] {2, 2}));
        assertArrayEquals(new long[] {1, 0, 1, 1}, ShapeRules.explicitPads(upper, new long[] {7, 8}, new long[] {3, 3}));
        assertArrayEquals(new long[] {1, 1, 1, 0}, ShapeRules.explicitPads(lower, new long[] {7, 8}, new long[] {3, 3}));
        Node plain = upper.withAttrs(attrs("pads", new long[] {1, 2, 3, 4}));
        assertArrayEquals(new long[] {1, 2, 3, 4}, ShapeRules.explicitPads(plain, new long[] {7, 8}, new long[] {3, 3}));
        assertEquals(java.util.Optional.of(Attr.of(1L)), OpKind.CONV.attrOrDefault(plain, "group", 17));
        assertEquals(java.util.Optional.of(Attr.of(-1L)), OpKind.SOFTMAX.attrOrDefault(plain, "axis", 13));
        assertEquals(java.util.Optional.of(Attr.of(1L)), OpKind.SOFTMAX.attrOrDefault(plain, "axis", 11));
    }

    @Test void convKeepsSymbolicBatch() {
        assertEquals(type(DType.F32, "N", 16, 8, 8), opset(17).in("x", type(DType.F32, "N", 3, 8, 8)).in("w", f32(16, 3, 3, 3))
                .run(OpKind.CONV, "pads", new long[] {1, 1, 1, 1}));
    }

    @Test void convChannelMismatchNamesNodeInputAndBothValues() {
        String e = opset(17).in("x", f32(1, 3, 8, 8)).in("w", f32(8, 4, 3, 3)).error(OpKind.CONV);
        assertEquals("node \"n\" (Conv): input 1 \"w\": expected 3 input channels per group (3 channels, group 1) in "
                + "[8, 4, 3, 3], got 4", e);
    }

    @Test void convRankMismatch() {
        assertEquals("node \"n\" (Conv): input 1 \"w\": expected rank 4, got rank 2 [32, 3]",
                opset(17).in("x", f32(1, 3, 8, 8)).in("w", f32(32, 3)).error(OpKind.CONV));
    }

    @Test void convTransposeOutputPaddingGroupsAndOutputShape() {
        Case c = opset(17).in("x", f32(1, 16, 7, 7)).in("w", f32(16, 4, 3, 3));
        assertEquals(f32(1, 8, 14, 14), c.run(OpKind.CONV_TRANSPOSE, "group", 2, "strides", new long[] {2, 2},
                "pads", new long[] {1, 1, 1, 1}, "output_padding", new long[] {1, 1}));
        assertEquals(f32(1, 4, 20, 21), c.run(OpKind.CONV_TRANSPOSE, "strides", new long[] {3, 3}, "output_shape", new long[] {20, 21}));
        assertEquals(f32(1, 4, 14, 14), c.run(OpKind.CONV_TRANSPOSE, "strides", new long[] {2, 2}, "auto_pad", "SAME_UPPER"));
    }

    @Test void poolCeilModeDropsAWindowThatStartsInThePadding() {
        Case c = opset(17).in("x", f32(1, 8, 112, 112));
        assertEquals(f32(1, 8, 55, 55), c.run(OpKind.MAX_POOL, "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}));
        assertEquals(f32(1, 8, 56, 56), c.run(OpKind.MAX_POOL, "kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "ceil_mode", 1));
        // in 4, kernel 1, stride 2, pad 0+1: ceil(4/2)+1 = 3 windows, but the third starts at 4, in the end padding
        assertEquals(f32(1, 8, 2, 2), opset(17).in("x", f32(1, 8, 4, 4)).run(OpKind.MAX_POOL, "kernel_shape", new long[] {1, 1},
                "strides", new long[] {2, 2}, "pads", new long[] {0, 0, 1, 1}, "ceil_mode", 1));
    }

    @Test void poolAutoPadAndIndicesOutput() {
        List<TensorType> out = opset(17).in("x", f32(1, 2, 5, 5)).run(OpKind.MAX_POOL, 2,
                attrs("kernel_shape", new long[] {3, 3}, "strides", new long[] {2, 2}, "auto_pad", "SAME_LOWER"));
        assertEquals(List.of(f32(1, 2, 3, 3), TensorType.of(DType.I64, 1, 2, 3, 3)), out);
        assertEquals(f32(1, 2, 3, 3), opset(19).in("x", f32(1, 2, 7, 7)).run(OpKind.AVERAGE_POOL, "kernel_shape", new long[] {3, 3},
                "dilations", new long[] {2, 2}, "count_include_pad", 1));
        assertEquals(f32(1, 2, 1, 1), opset(17).in("x", f32(1, 2, 7, 7)).run(OpKind.GLOBAL_AVERAGE_POOL));
    }

    @Test void poolWithoutKernelShape() {
        assertEquals("node \"n\" (MaxPool): attribute \"kernel_shape\": required attribute is missing",
                opset(17).in("x", f32(1, 2, 5, 5)).error(OpKind.MAX_POOL));
    }

    // ---- matrix products

    @Test void gemmTransposes() {
        assertEquals(f32(2, 4), opset(17).in("a", f32(5, 2)).in("b", f32(4, 5)).in("c", f32(4))
                .run(OpKind.GEMM, "transA", 1, "transB", 1));
        assertEquals("node \"n\" (Gemm): input 1 \"b\": expected 5 rows to match A's columns, got 4 in [4, 5]",
                opset(17).in("a", f32(2, 5)).in("b", f32(4, 5)).error(OpKind.GEMM));
    }

    @Test void matmulBatchedBroadcastAndVectors() {
        assertEquals(f32(2, 3, 5), opset(17).in("a", f32(2, 3, 4)).in("b", f32(4, 5)).run(OpKind.MATMUL));
        assertEquals(f32(2, 5, 3, 6), opset(17).in("a", f32(2, 1, 3, 4)).in("b", f32(5, 4, 6)).run(OpKind.MATMUL));
        assertEquals(f32(5), opset(17).in("a", f32(4)).in("b", f32(4, 5)).run(OpKind.MATMUL));
        assertEquals(f32(2, 3), opset(17).in("a", f32(2, 3, 4)).in("b", f32(4)).run(OpKind.MATMUL));
        assertEquals(f32(), opset(17).in("a", f32(4)).in("b", f32(4)).run(OpKind.MATMUL));
        assertEquals(type(DType.F32, "N", 128, 64), opset(17).in("a", type(DType.F32, "N", 128, 256)).in("b", f32(256, 64)).run(OpKind.MATMUL));
    }

    @Test void linearChecksItsBias() {
        assertEquals(f32(1, 8, 64), opset(17).in("x", f32(1, 8, 32)).in("w", f32(32, 64)).in("b", f32(64)).run(OpKind.LINEAR));
        assertEquals("node \"n\" (Linear): input 2 \"b\": expected a bias that broadcasts to [1, 8, 64], got [32]",
                opset(17).in("x", f32(1, 8, 32)).in("w", f32(32, 64)).in("b", f32(32)).error(OpKind.LINEAR));
    }

    // ---- elementwise

    @Test void broadcasting() {
        assertEquals(type(DType.F32, "N", 3, 4), opset(17).in("a", type(DType.F32, "N", 3, 1)).in("b", f32(4)).run(OpKind.ADD));
        assertEquals(f32(2, 3, 4), opset(17).in("a", f32(2, 1, 4)).in("b", f32(3, 1)).run(OpKind.MUL));
        assertEquals(type(DType.BOOL, 2, 3), opset(17).in("a", f32(2, 3)).in("b", f32(1)).run(OpKind.LESS));
        assertEquals(f32(2, 3), opset(17).in("c", type(DType.BOOL, 3)).in("a", f32(2, 1)).in("b", f32()).run(OpKind.WHERE));
        assertEquals("node \"n\" (Add): input 1 \"b\": shapes [3] and [4] do not broadcast",
                opset(17).in("a", f32(3)).in("b", f32(4)).error(OpKind.ADD));
        assertEquals("node \"n\" (Add): input 1 \"b\": expected element type f32 (as input 0), got i64",
                opset(17).in("a", f32(3)).in("b", i64(3)).error(OpKind.ADD));
    }

    @Test void softmaxAxisDefaultDependsOnOpset() {
        assertEquals(f32(5), opset(13).in("x", f32(5)).run(OpKind.SOFTMAX));
        assertEquals("node \"n\" (Softmax): attribute \"axis\": expected an axis in [-1, 0] for rank 1, got 1",
                opset(12).in("x", f32(5)).error(OpKind.SOFTMAX));
    }

    @Test void castAndClip() {
        assertEquals(i64(2, 3), opset(17).in("x", f32(2, 3)).run(OpKind.CAST, "to", 7));
        assertEquals(f32(2, 3), opset(9).in("x", f32(2, 3)).run(OpKind.CLIP, "min", 0f, "max", 6f));
        assertEquals(f32(2, 3), opset(13).in("x", f32(2, 3)).in("lo", TestGraphs.scalar(0)).in("hi", TestGraphs.scalar(6)).run(OpKind.CLIP));
    }

    @Test void normalisations() {
        List<TensorType> ln = opset(17).in("x", f32(2, 8, 16)).in("s", f32(16)).in("b", f32(16))
                .run(OpKind.LAYER_NORMALIZATION, 3, attrs());
        assertEquals(List.of(f32(2, 8, 16), f32(2, 8, 1), f32(2, 8, 1)), ln);
        assertEquals(f32(1, 4, 5, 5), opset(15).in("x", f32(1, 4, 5, 5)).in("s", f32(4)).in("b", f32(4)).in("m", f32(4)).in("v", f32(4))
                .run(OpKind.BATCH_NORMALIZATION));
        assertEquals("node \"n\" (BatchNormalization): input 3 \"m\": expected [4] (one per channel), got [3]",
                opset(15).in("x", f32(1, 4, 5, 5)).in("s", f32(4)).in("b", f32(4)).in("m", f32(3)).in("v", f32(4)).error(OpKind.BATCH_NORMALIZATION));
    }

    // ---- shape manipulation

    @Test void reshapeZeroAndMinusOne() {
        assertEquals(f32(2, 12), opset(17).in("x", f32(2, 3, 4)).in("s", longs(0, -1)).run(OpKind.RESHAPE));
        assertEquals(f32(24), opset(17).in("x", f32(2, 3, 4)).in("s", longs(-1)).run(OpKind.RESHAPE));
        assertEquals(f32(0, 24), opset(17).in("x", f32(0, 24)).in("s", longs(0, 24)).run(OpKind.RESHAPE, "allowzero", 1));
        assertEquals(type(DType.F32, "N", 12), opset(17).in("x", type(DType.F32, "N", 3, 4)).in("s", longs(0, -1)).run(OpKind.RESHAPE));
        assertEquals(type(DType.F32, "N", 12), opset(17).in("x", type(DType.F32, "N", 3, 4)).in("s", longs(-1, 12)).run(OpKind.RESHAPE));
        assertEquals(type(DType.F32, "?", 6), opset(17).in("x", type(DType.F32, "N", 3, 4)).in("s", longs(-1, 6)).run(OpKind.RESHAPE));
        assertEquals(type(DType.F32, "?", "?"), opset(17).in("x", f32(2, 3, 4)).in("s", i64(2)).run(OpKind.RESHAPE));
    }

    @Test void reshapeErrors() {
        assertEquals("node \"n\" (Reshape): input 1 \"s\": cannot reshape [2, 3, 4] (24 elements) into [5, 5]",
                opset(17).in("x", f32(2, 3, 4)).in("s", longs(5, 5)).error(OpKind.RESHAPE));
        assertEquals("node \"n\" (Reshape): input 1 \"s\": expected at most one -1, got [-1, -1]",
                opset(17).in("x", f32(2, 3, 4)).in("s", longs(-1, -1)).error(OpKind.RESHAPE));
        assertEquals("node \"n\" (Reshape): input 1 \"s\": cannot reshape [2, 3, 4] (24 elements) into [5, -1]",
                opset(17).in("x", f32(2, 3, 4)).in("s", longs(5, -1)).error(OpKind.RESHAPE));
    }

    @Test void flattenTransposeSqueezeUnsqueeze() {
        assertEquals(f32(6, 20), opset(17).in("x", f32(2, 3, 4, 5)).run(OpKind.FLATTEN, "axis", 2));
        assertEquals(f32(1, 120), opset(17).in("x", f32(2, 3, 4, 5)).run(OpKind.FLATTEN, "axis", 0));
        assertEquals(type(DType.F32, "N", 60), opset(17).in("x", type(DType.F32, "N", 3, 4, 5)).run(OpKind.FLATTEN));
        assertEquals(f32(5, 4, 3), opset(17).in("x", f32(3, 4, 5)).run(OpKind.TRANSPOSE));
        assertEquals(f32(4, 3, 5), opset(17).in("x", f32(3, 4, 5)).run(OpKind.TRANSPOSE, "perm", new long[] {1, 0, 2}));
        assertEquals(f32(3, 4), opset(11).in("x", f32(1, 3, 1, 4)).run(OpKind.SQUEEZE));
        assertEquals(f32(3, 1, 4), opset(11).in("x", f32(1, 3, 1, 4)).run(OpKind.SQUEEZE, "axes", new long[] {0}));
        assertEquals(f32(1, 3, 4), opset(13).in("x", f32(1, 3, 1, 4)).in("a", longs(-2)).run(OpKind.SQUEEZE));
        assertEquals(f32(3, 4), opset(13).in("x", f32(1, 3, 1, 4)).in("a", longs()).run(OpKind.SQUEEZE));
        assertEquals("node \"n\" (Squeeze): input 1 \"a\": expected dim 1 of [1, 3, 1, 4] to be 1, got 3",
                opset(13).in("x", f32(1, 3, 1, 4)).in("a", longs(1)).error(OpKind.SQUEEZE));
        assertEquals(f32(1, 3, 4, 1), opset(11).in("x", f32(3, 4)).run(OpKind.UNSQUEEZE, "axes", new long[] {0, -1}));
        assertEquals(f32(1, 3, 4, 1), opset(13).in("x", f32(3, 4)).in("a", longs(0, 3)).run(OpKind.UNSQUEEZE));
    }

    @Test void concatAndSplit() {
        assertEquals(f32(2, 7), opset(17).in("a", f32(2, 3)).in("b", f32(2, 4)).run(OpKind.CONCAT, "axis", -1));
        assertEquals("node \"n\" (Concat): input 1 \"b\": expected dim 0 to be 2, got 3",
                opset(17).in("a", f32(2, 3)).in("b", f32(3, 4)).error(OpKind.CONCAT, "axis", 1));
        assertEquals(List.of(f32(2, 2), f32(2, 4)), opset(11).in("x", f32(2, 6)).run(OpKind.SPLIT, 2, attrs("axis", 1, "split", new long[] {2, 4})));
        assertEquals(List.of(f32(1, 6), f32(1, 6)), opset(13).in("x", f32(2, 6)).in("s", longs(1, 1)).run(OpKind.SPLIT, 2, attrs()));
        assertEquals(List.of(f32(3), f32(3), f32(1)), opset(18).in("x", f32(7)).run(OpKind.SPLIT, 3, attrs("num_outputs", 3)));
        assertThrows(CgcException.class, () -> opset(13).in("x", f32(7)).run(OpKind.SPLIT, 3, attrs()));
    }

    @Test void sliceNegativeAndOutOfRange() {
        long max = Long.MAX_VALUE, min = Long.MIN_VALUE;
        assertEquals(f32(10), opset(13).in("x", f32(10)).in("s", longs(-1)).in("e", longs(min)).in("a", longs(0)).in("t", longs(-1)).run(OpKind.SLICE));
        assertEquals(f32(3), opset(13).in("x", f32(10)).in("s", longs(8)).in("e", longs(2)).in("a", longs(0)).in("t", longs(-2)).run(OpKind.SLICE));
        assertEquals(f32(0), opset(13).in("x", f32(10)).in("s", longs(100)).in("e", longs(1000)).run(OpKind.SLICE));
        assertEquals(f32(2, 9), opset(13).in("x", f32(2, 10)).in("s", longs(1)).in("e", longs(max)).in("a", longs(-1)).run(OpKind.SLICE));
        assertEquals(f32(2, 3), opset(9).in("x", f32(2, 10)).run(OpKind.SLICE, "starts", new long[] {-3}, "ends", new long[] {100}, "axes", new long[] {1}));
        assertEquals(type(DType.F32, "N", 5), opset(13).in("x", type(DType.F32, "N", 10)).in("s", longs(0, 0)).in("e", longs(max, 5)).run(OpKind.SLICE));
    }

    @Test void gatherShapeExpandTileRange() {
        assertEquals(f32(2, 3, 4), opset(17).in("d", f32(5, 4)).in("i", i64(2, 3)).run(OpKind.GATHER));
        assertEquals(f32(5), opset(17).in("d", f32(5, 4)).in("i", Weights.ofLongs(List.of(), -1)).run(OpKind.GATHER, "axis", 1));
        assertEquals("node \"n\" (Gather): input 1 \"i\": expected indices in [-4, 3] (dim 1 of [5, 4]), got 4",
                opset(17).in("d", f32(5, 4)).in("i", longs(4)).error(OpKind.GATHER, "axis", 1));
        assertEquals(i64(4), opset(13).in("x", f32(1, 2, 3, 4)).run(OpKind.SHAPE));
        assertEquals(i64(2), opset(15).in("x", f32(1, 2, 3, 4)).run(OpKind.SHAPE, "start", -2));
        assertEquals(i64(1), opset(15).in("x", f32(1, 2, 3, 4)).run(OpKind.SHAPE, "start", 1, "end", 2));
        assertEquals(f32(2, 3, 4), opset(17).in("x", f32(3, 1)).in("s", longs(2, 1, 4)).run(OpKind.EXPAND));
        assertEquals(f32(6, 4), opset(17).in("x", f32(3, 1)).in("r", longs(2, 4)).run(OpKind.TILE));
        assertEquals(i64(4), opset(17).in("a", Weights.ofLongs(List.of(), 0)).in("b", Weights.ofLongs(List.of(), 10))
                .in("c", Weights.ofLongs(List.of(), 3)).run(OpKind.RANGE));
        assertEquals(type(DType.F32, 2, 3), opset(17).in("s", longs(2, 3)).run(OpKind.CONSTANT_OF_SHAPE));
        assertEquals(i64(2, 3), opset(17).in("s", longs(2, 3)).run(OpKind.CONSTANT_OF_SHAPE, "value", Weights.ofLongs(List.of(1L), 7)));
    }

    @Test void reductionsAxesByOpset() {
        assertEquals(f32(2, 1, 4), opset(13).in("x", f32(2, 3, 4)).run(OpKind.REDUCE_MEAN, "axes", new long[] {1}));
        assertEquals(f32(2, 4), opset(18).in("x", f32(2, 3, 4)).in("a", longs(-2)).run(OpKind.REDUCE_MEAN, "keepdims", 0));
        assertEquals(f32(1, 1, 1), opset(18).in("x", f32(2, 3, 4)).run(OpKind.REDUCE_MAX));
        assertEquals(f32(2, 3, 4), opset(13).in("x", f32(2, 3, 4)).in("a", longs()).run(OpKind.REDUCE_SUM, "noop_with_empty_axes", 1));
        assertEquals(f32(2, 3), opset(13).in("x", f32(2, 3, 4)).in("a", longs(2)).run(OpKind.REDUCE_SUM, "keepdims", 0));
        assertEquals(f32(1, 3, 1), opset(11).in("x", f32(2, 3, 4)).run(OpKind.REDUCE_L2, "axes", new long[] {0, 2}));
        assertEquals(i64(2, 4), opset(13).in("x", f32(2, 3, 4)).run(OpKind.ARG_MAX, "axis", 1, "keepdims", 0, "select_last_index", 1));
    }

    @Test void modBroadcastsAndKeepsFmodForFloats() {
        assertEquals(i64(2, 3), opset(13).in("a", i64(2, 3)).in("b", i64(3)).run(OpKind.MOD));
        assertEquals(f32(2, 3), opset(13).in("a", f32(2, 3)).in("b", f32()).run(OpKind.MOD, "fmod", 1));
        assertEquals("node \"n\" (Mod): attribute \"fmod\": expected 1 for f32 operands (fmod 0, the sign of the "
                + "divisor, is for integers), got 0", opset(13).in("a", f32(2, 3)).in("b", f32(3)).error(OpKind.MOD));
        assertEquals("node \"n\" (Mod): attribute \"fmod\": expected 0 or 1, got 2",
                opset(13).in("a", i64(2)).in("b", i64(2)).error(OpKind.MOD, "fmod", 2));
        assertEquals("node \"n\" (Mod): input 1 \"b\": expected element type i64 (as input 0), got f32",
                opset(13).in("a", i64(2)).in("b", f32(2)).error(OpKind.MOD));
    }

    /** An LSTM of hidden size 7 over X [5, 3, 4]: W, R, B shaped for {@code dirs} directions. */
    private static Case lstm(int dirs) {
        return opset(14).in("x", f32(5, 3, 4)).in("w", f32(dirs, 28, 4)).in("r", f32(dirs, 28, 7))
                .in("b", f32(dirs, 56));
    }

    private static Weights int32s(int... v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int x : v) b.putInt(x);
        return Weights.of(DType.I32, List.of((long) v.length), b.array());
    }

    @Test void recurrentOutputsPerLayoutAndDirection() {
        assertEquals(List.of(f32(5, 2, 3, 7), f32(2, 3, 7), f32(2, 3, 7)),
                lstm(2).run(OpKind.LSTM, 3, attrs("hidden_size", 7, "direction", "bidirectional")));
        assertEquals(List.of(f32(3, 5, 1, 7), f32(3, 1, 7)), opset(14).in("x", f32(3, 5, 4)).in("w", f32(1, 21, 4))
                .in("r", f32(1, 21, 7)).run(OpKind.GRU, 2, attrs("hidden_size", 7, "layout", 1)));
        assertEquals(f32(5, 1, 3, 7), opset(14).in("x", f32(5, 3, 4)).in("w", f32(1, 7, 4)).in("r", f32(1, 7, 7))
                .run(OpKind.RNN));   // hidden_size read off R
    }

    @Test void recurrentChecksWeightShapes() {
        assertEquals("node \"n\" (LSTM): input 1 \"w\": expected [directions, 4 * hidden_size, input_size] = "
                + "[1, 32, 4], got f32[1,28,4]", lstm(1).error(OpKind.LSTM, "hidden_size", 8));
        assertEquals("node \"n\" (LSTM): input 1 \"w\": expected [directions, 4 * hidden_size, input_size] = "
                + "[2, 28, 4], got f32[1,28,4]", lstm(1).error(OpKind.LSTM, "hidden_size", 7, "direction", "bidirectional"));
        assertEquals("node \"n\" (GRU): input 2 \"r\": expected [directions, 3 * hidden_size, hidden_size] = "
                + "[1, 21, 7], got f32[1,21,6]", opset(14).in("x", f32(5, 3, 4)).in("w", f32(1, 21, 4))
                .in("r", f32(1, 21, 6)).error(OpKind.GRU, "hidden_size", 7));
        assertEquals("node \"n\" (RNN): input 3 \"b\": expected [directions, 2 * hidden_size] = [1, 14], got f32[1,7]",
                opset(14).in("x", f32(5, 3, 4)).in("w", f32(1, 7, 4)).in("r", f32(1, 7, 7)).in("b", f32(1, 7))
                        .error(OpKind.RNN));
        assertEquals("node \"n\" (LSTM): input 7 \"p\": expected [directions, 3 * hidden_size] = [1, 21], got f32[1,28]",
                lstm(1).absent().absent().absent().in("p", f32(1, 28)).error(OpKind.LSTM, "hidden_size", 7));
        assertEquals("node \"n\" (LSTM): input 0 \"x\": expected rank 3, got rank 2 [5, 4]",
                opset(14).in("x", f32(5, 4)).in("w", f32(1, 28, 4)).in("r", f32(1, 28, 7)).error(OpKind.LSTM));
    }

    @Test void recurrentChecksLengthsAndStates() {
        assertEquals("node \"n\" (LSTM): input 4 \"lens\": expected [batch_size] = [3], got i32[2]",
                lstm(1).in("lens", type(DType.I32, 2)).error(OpKind.LSTM));
        assertEquals("node \"n\" (LSTM): input 4 \"lens\": expected int32 sequence lengths, got i64[3]",
                lstm(1).in("lens", i64(3)).error(OpKind.LSTM));
        assertEquals("node \"n\" (LSTM): input 4 \"lens\": expected sequence lengths in [0, 5], got 6",
                lstm(1).in("lens", int32s(5, 6, 1)).error(OpKind.LSTM));
        assertEquals("node \"n\" (LSTM): input 5 \"h0\": expected [directions, batch_size, hidden_size] = "
                + "[1, 3, 7], got f32[3,1,7]", lstm(1).absent().in("h0", f32(3, 1, 7)).error(OpKind.LSTM));
        assertEquals("node \"n\" (LSTM): input 6 \"c0\": expected [batch_size, directions, hidden_size] = "
                + "[5, 1, 7], got f32[1,5,7]", opset(14).in("x", f32(5, 3, 4)).in("w", f32(1, 28, 4))
                .in("r", f32(1, 28, 7)).absent().absent().absent().in("c0", f32(1, 5, 7)).error(OpKind.LSTM, "layout", 1));
        assertEquals("node \"n\" (GRU): input 0 \"x\": expected floats, got i64[5,3,4]",
                opset(14).in("x", i64(5, 3, 4)).in("w", i64(1, 21, 4)).in("r", i64(1, 21, 7)).error(OpKind.GRU));
    }

    @Test void recurrentChecksAttributes() {
        assertEquals("node \"n\" (LSTM): attribute \"direction\": expected forward, reverse or bidirectional, got "
                + "\"backward\"", lstm(1).error(OpKind.LSTM, "direction", "backward"));
        assertEquals("node \"n\" (LSTM): attribute \"activations\": expected 6 functions (3 per direction of 2), got 3 "
                + "[Sigmoid, Tanh, Tanh]", lstm(2).error(OpKind.LSTM, "direction", "bidirectional",
                "activations", new String[] {"Sigmoid", "Tanh", "Tanh"}));
        assertEquals("node \"n\" (LSTM): attribute \"activations\": expected one of [Relu, Tanh, Sigmoid, Affine, "
                + "LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus], got \"Gelu\"",
                lstm(1).error(OpKind.LSTM, "activations", new String[] {"Sigmoid", "Gelu", "Tanh"}));
        assertEquals("node \"n\" (LSTM): attribute \"layout\": expected 0 or 1, got 2", lstm(1).error(OpKind.LSTM, "layout", 2));
        assertEquals("node \"n\" (LSTM): attribute \"hidden_size\": expected 1 or more, got 0",
                lstm(1).error(OpKind.LSTM, "hidden_size", 0));
        assertEquals("node \"n\" (LSTM): attribute \"clip\": expected a threshold above 0, got -1.0",
                lstm(1).error(OpKind.LSTM, "clip", -1f));
    }

    @Test void recurrentActivationsTakeAlphasInOrder() {
        Node n = new Node("n", OpKind.LSTM, List.of("x", "w", "r"), List.of("y"), attrs("activations",
                new String[] {"LeakyRelu", "tanh", "HardSigmoid"}, "activation_alpha", new float[] {0.3f},
                "activation_beta", new float[] {}));
        assertEquals(List.of(new Recurrence.Activation(Recurrence.Function.LEAKY_RELU, 0.3f, 0f),
                new Recurrence.Activation(Recurrence.Function.TANH, 0f, 0f),
                new Recurrence.Activation(Recurrence.Function.HARD_SIGMOID, 0.2f, 0.5f)),
                Recurrence.of(n, 14).activations());
    }

    @Test void cumSumChecksItsAxis() {
        assertEquals(f32(2, 3), opset(14).in("x", f32(2, 3)).in("a", Weights.ofLongs(List.of(), -2)).run(OpKind.CUM_SUM));
        assertEquals(f32(2, 3), opset(14).in("x", f32(2, 3)).in("a", i64()).run(OpKind.CUM_SUM, "reverse", 1));
        assertEquals("node \"n\" (CumSum): input 1 \"a\": expected an axis in [-2, 1] for rank 2, got 2",
                opset(14).in("x", f32(2, 3)).in("a", longs(2)).error(OpKind.CUM_SUM));
        assertEquals("node \"n\" (CumSum): input 1 \"a\": expected the axis as a 0-D tensor (or one element), got i64[2]",
                opset(14).in("x", f32(2, 3)).in("a", longs(0, 1)).error(OpKind.CUM_SUM));
        assertEquals("node \"n\" (CumSum): input 1 \"a\": expected an int32 or int64 axis, got f32[]",
                opset(14).in("x", f32(2, 3)).in("a", f32()).error(OpKind.CUM_SUM));
    }

    @Test void gatherElementsTakesTheIndicesShape() {
        assertEquals(f32(2, 7, 1), opset(13).in("d", f32(4, 5, 3)).in("i", i64(2, 7, 1)).run(OpKind.GATHER_ELEMENTS, "axis", 1));
        assertEquals("node \"n\" (GatherElements): input 1 \"i\": expected indices of the data's rank 2 (data f32[4,5]),"
                + " got i64[4]", opset(13).in("d", f32(4, 5)).in("i", i64(4)).error(OpKind.GATHER_ELEMENTS));
        assertEquals("node \"n\" (GatherElements): input 1 \"i\": expected indices no longer than the data along axis 1"
                + " (data f32[4,5]), got i64[2,6]", opset(13).in("d", f32(4, 5)).in("i", i64(2, 6)).error(OpKind.GATHER_ELEMENTS));
        assertEquals("node \"n\" (GatherElements): input 1 \"i\": expected indices in [-4, 3] (dim 0 of [4, 5]), got -5",
                opset(13).in("d", f32(4, 5)).in("i", Weights.ofLongs(List.of(1L, 1L), -5)).error(OpKind.GATHER_ELEMENTS));
        assertEquals("node \"n\" (GatherElements): input 1 \"i\": expected int32 or int64 indices, got f32[4,5]",
                opset(13).in("d", f32(4, 5)).in("i", f32(4, 5)).error(OpKind.GATHER_ELEMENTS));
    }

    @Test void upsampleScalesByOpset() {
        assertEquals(f32(1, 3, 8, 12), opset(7).in("x", f32(1, 3, 4, 5)).run(OpKind.UPSAMPLE, "scales", new float[] {1, 1, 2, 2.5f}));
        assertEquals(f32(1, 3, 6, 5), opset(9).in("x", f32(1, 3, 4, 5)).in("s", TestGraphs.floats(new long[] {4}, 1, 1, 1.5f, 1))
                .run(OpKind.UPSAMPLE, "mode", "linear"));
        assertEquals("node \"n\" (Upsample): input 1 \"s\": expected scales of 1 or more, got [1.0, 1.0, 0.5, 1.0]",
                opset(9).in("x", f32(1, 3, 4, 5)).in("s", TestGraphs.floats(new long[] {4}, 1, 1, 0.5f, 1)).error(OpKind.UPSAMPLE));
        assertEquals("node \"n\" (Upsample): attribute \"scales\": expected 4 scales for f32[1,3,4,5], got [2.0, 2.0]",
                opset(8).in("x", f32(1, 3, 4, 5)).error(OpKind.UPSAMPLE, "scales", new float[] {2, 2}));
        assertEquals("node \"n\" (Upsample): attribute \"mode\": expected nearest or linear, got \"cubic\"",
                opset(7).in("x", f32(1, 3, 4, 5)).error(OpKind.UPSAMPLE, "scales", new float[] {1, 1, 2, 2}, "mode", "cubic"));
        assertEquals("node \"n\" (Upsample): opset 10: Upsample is deprecated from opset 10 on; expected Resize",
                opset(10).in("x", f32(1, 3, 4, 5)).in("s", TestGraphs.floats(new long[] {4}, 1, 1, 2, 2)).error(OpKind.UPSAMPLE));
    }

    @Test void depthToSpaceResizePad() {
        assertEquals(f32(1, 2, 4, 6), opset(13).in("x", f32(1, 8, 2, 3)).run(OpKind.DEPTH_TO_SPACE, "blocksize", 2, "mode", "CRD"));
        assertEquals(f32(1, 3, 8, 10), opset(13).in("x", f32(1, 3, 4, 5)).absent().in("s", TestGraphs.floats(new long[] {4}, 1, 1, 2, 2))
                .run(OpKind.RESIZE, "mode", "linear"));
        assertEquals(f32(1, 3, 7, 9), opset(13).in("x", f32(1, 3, 4, 5)).absent().absent().in("z", longs(1, 3, 7, 9)).run(OpKind.RESIZE));
        assertEquals(f32(1, 3, 8, 10), opset(10).in("x", f32(1, 3, 4, 5)).in("s", TestGraphs.floats(new long[] {4}, 1, 1, 2, 2)).run(OpKind.RESIZE));
        assertEquals(f32(1, 3, 6, 7), opset(13).in("x", f32(1, 3, 4, 5)).in("p", longs(0, 0, 1, 1, 0, 0, 1, 1)).run(OpKind.PAD, "mode", "reflect"));
        assertEquals(f32(1, 3, 6, 7), opset(10).in("x", f32(1, 3, 4, 5)).run(OpKind.PAD, "pads", new long[] {0, 0, 1, 1, 0, 0, 1, 1}));
    }

    @Test void ifMergesItsBranches() {
        Graph then = Graph.builder("then").constant("a", TestGraphs.ramp(2, 3)).output("a").build();
        Graph other = Graph.builder("else").constant("b", TestGraphs.ramp(2, 4)).output("b").build();
        assertEquals(type(DType.F32, 2, "?"), opset(17).in("c", type(DType.BOOL)).run(OpKind.IF, "then_branch", then, "else_branch", other));
    }

    @Test void unknownRankGivesUnknownOutputs() {
        assertEquals(TensorType.UNKNOWN, opset(17).in("x", TensorType.unranked(DType.F32)).in("w", f32(8, 3, 3, 3)).run(OpKind.CONV));
    }

    @Test void everyOpHasASpecAndFindsItself() {
        for (OpKind k : OpKind.values()) {
            assertEquals(k, OpKind.lookup(k.domain(), k.opType()).orElseThrow());
        }
        assertEquals("cgc", OpKind.LINEAR.domain());
        assertEquals(java.util.Optional.empty(), OpKind.byOnnxName("Linear"));
    }
}
