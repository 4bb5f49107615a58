package cgc.codegen;

import static cgc.codegen.CpuCalls.constantLongs;
import static cgc.codegen.CpuCalls.copy;
import static cgc.codegen.CpuCalls.ints;
import static cgc.codegen.CpuCalls.isF32;
import static cgc.codegen.CpuCalls.longs;
import static cgc.codegen.CpuCalls.longsAttr;
import static cgc.codegen.CpuCalls.movedBytes;
import static cgc.codegen.CpuCalls.requireConstant;
import static cgc.codegen.CpuCalls.requireFloat;
import static cgc.codegen.CpuCalls.shape;
import static cgc.codegen.CpuCalls.unsupported;

import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.Weights;
import cgc.runtime.cpu.Gather;
import cgc.runtime.cpu.GatherElements;
import cgc.runtime.cpu.Movement;
import cgc.runtime.cpu.Shaping;
import cgc.runtime.cpu.Slice;
import cgc.runtime.cpu.SliceSpec;
import cgc.runtime.cpu.Transpose;
import cgc.runtime.cpu.Resize;
import cgc.runtime.cpu.ResizeSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The Java that runs a data-movement node on the CPU: Transpose, Concat, Split, Slice, Gather, Expand, Tile,
 * DepthToSpace, Pad, Resize and Dropout, f32 through their own kernels, other element types through the
 * type-generic ones.
 */
final class CpuMovementCalls {
    private CpuMovementCalls() {}

    /** Transpose; values other than f32 through {@link Movement}, as for the other data movement ops. */
    static CodeBlock transpose(Node n, Layer l) {
        String x = n.input(0);
        int r = l.type(x).rank();
        List<Long> perm = n.attrs().getInts("perm", java.util.stream.LongStream.range(0, r).map(i -> r - 1 - i).boxed().toList());
        String shape = l.shape("shape", x), permField = l.ints("perm", perm.stream().mapToLong(Long::longValue).toArray());
        if (!isF32(l, x)) {
            return CodeBlock.of("$T.transpose($L, $N, $N, $L, $LL, f.act(), $LL, f.pool());\n", Movement.class,
                    movedBytes(n, l), shape, permField, l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        return CodeBlock.of("$T.run($N, $N, $L, $LL, f.act(), $LL, f.pool());\n", Transpose.class, shape, permField,
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    static CodeBlock concat(Node n, Layer l) {
        List<String> in = n.inputs();
        String shapes = l.constant("shapes", com.palantir.javapoet.ArrayTypeName.of(int[].class), CodeBlock.of("{$L}",
                in.stream().map(v -> "{" + ints(shape(l, v)) + "}").collect(Collectors.joining(", "))));
        return CodeBlock.of("$T.concat($L, $L, $N, new $T[] {$L}, new long[] {$L}, f.act(), $LL, f.pool());\n",
                Movement.class,
                movedBytes(n, l), n.attrs().getInt("axis", 0), shapes, MemorySegment.class,
                in.stream().map(v -> l.segment(v).toString()).collect(Collectors.joining(", ")),
                in.stream().map(v -> l.elementOffset(v) + "L").collect(Collectors.joining(", ")), l.elementOffset(n.output(0)));
    }

    /**
     * Split: each output is a slice of the input along the axis, its size read off the output's type (which the shape
     * rule checked against constant sizes: sizes fed at run time would be ignored, so they are refused).
     */
    static CodeBlock split(Node n, Layer l) {
        if (n.hasInput(1)) requireConstant(n, l, 1, "split sizes");
        String x = n.input(0);
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.run(", Slice.class)
                : CodeBlock.of("$T.slice($L, ", Movement.class, movedBytes(n, l));
        long[] shape = shape(l, x);
        int axis = (int) n.attrs().getInt("axis", 0);
        if (axis < 0) axis += shape.length;
        CodeBlock.Builder b = CodeBlock.builder();
        long begin = 0;
        for (int i = 0; i < n.outputs().size(); i++) {
            String out = n.output(i);
            long size = shape(l, out)[axis];
            if (!out.isEmpty()) {
                String s = l.constant("part" + i, ClassName.get(SliceSpec.class), CodeBlock.of("$T.split(new int[] {$L}, $L, $L, $L)",
                        SliceSpec.class, ints(shape), axis, begin, begin + size));
                b.add("$L$N, $L, $LL, f.act(), $LL, f.pool());\n", kernel, s, l.segment(x), l.elementOffset(x),
                        l.elementOffset(out));
            }
            begin += size;
        }
        return b.build();
    }

    /** Slice with constant starts, ends, axes and steps. */
    static CodeBlock slice(Node n, Layer l) {
        String x = n.input(0);
        SliceArgs a = sliceArgs(n, l);
        String s = l.constant("spec", ClassName.get(SliceSpec.class), CodeBlock.of("$T.of(new int[] {$L}, new long[] {$L}, "
                + "new long[] {$L}, $L, $L)", SliceSpec.class, ints(shape(l, x)), longs(a.starts()), longs(a.ends()),
                a.axes() == null ? "null" : "new int[] {" + ints(a.axes()) + "}",
                a.steps() == null ? "null" : "new long[] {" + longs(a.steps()) + "}"));
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.run(", Slice.class)
                : CodeBlock.of("$T.slice($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, $L, $LL, f.act(), $LL, f.pool());\n", kernel, s, l.segment(x), l.elementOffset(x),
                l.elementOffset(n.output(0)));
    }

    /** Slice's starts, ends, axes and steps as the node gives them (the last two null when absent). */
    record SliceArgs(long[] starts, long[] ends, long[] axes, long[] steps) {
        /** The strided box they select of a tensor of {@code shape}, with ONNX's clamping. */
        SliceSpec spec(long[] shape) {
            return SliceSpec.of(Arrays.stream(shape).mapToInt(Math::toIntExact).toArray(), starts, ends,
                    axes == null ? null : Arrays.stream(axes).mapToInt(Math::toIntExact).toArray(), steps);
        }
    }

    /** Slice's arguments: constant inputs from opset 10 on, attributes (without steps) before. */
    static SliceArgs sliceArgs(Node n, Layer l) {
        if (n.hasInput(1)) {
            return new SliceArgs(constantLongs(n, l, 1), constantLongs(n, l, 2),
                    n.hasInput(3) ? constantLongs(n, l, 3) : null, n.hasInput(4) ? constantLongs(n, l, 4) : null);
        }
        return new SliceArgs(longsAttr(n, "starts"), longsAttr(n, "ends"),
                n.attrs().has("axes") ? longsAttr(n, "axes") : null, null);
    }

    static CodeBlock gather(Node n, Layer l) {
        String data = n.input(0), idx = n.input(1);
        cgc.ir.DType it = l.type(idx).dtype();
        if (it != cgc.ir.DType.I64 && it != cgc.ir.DType.I32) throw unsupported(n, "with " + it.text() + " indices");
        CodeBlock kernel = isF32(l, data) ? CodeBlock.of("$T.run(", Gather.class)
                : CodeBlock.of("$T.gather($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, $L, $LL, $L, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n", kernel,
                l.shape("shape", data), n.attrs().getInt("axis", 0), l.type(idx).elementCount(), it == cgc.ir.DType.I64,
                l.segment(data), l.elementOffset(data), l.segment(idx), l.elementOffset(idx), l.elementOffset(n.output(0)));
    }

    /** GatherElements on any type, int64 or int32 indices (read at run time, so checked then). */
    static CodeBlock gatherElements(Node n, Layer l) {
        String data = n.input(0), idx = n.input(1);
        cgc.ir.DType it = l.type(idx).dtype();
        if (it != cgc.ir.DType.I64 && it != cgc.ir.DType.I32) throw unsupported(n, "with " + it.text() + " indices");
        return CodeBlock.of("$T.run($L, $N, $N, $L, $L, $L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                GatherElements.class, movedBytes(n, l), l.shape("shape", data), l.shape("indexShape", idx),
                n.attrs().getInt("axis", 0), it == cgc.ir.DType.I64, l.segment(data), l.elementOffset(data),
                l.segment(idx), l.elementOffset(idx), l.elementOffset(n.output(0)));
    }

    /** Expand: the input broadcast to the output's (static) shape, the shape input constant (as for Split). */
    static CodeBlock expand(Node n, Layer l) {
        requireConstant(n, l, 1, "shape");
        String x = n.input(0);
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.expand(", Shaping.class)
                : CodeBlock.of("$T.expand($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, $N, $L, $LL, f.act(), $LL, f.pool());\n", kernel, l.shape("shape", x),
                l.shape("out", n.output(0)), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    static CodeBlock tile(Node n, Layer l) {
        String x = n.input(0);
        CodeBlock kernel = isF32(l, x) ? CodeBlock.of("$T.tile(", Shaping.class)
                : CodeBlock.of("$T.tile($L, ", Movement.class, movedBytes(n, l));
        return CodeBlock.of("$L$N, new long[] {$L}, $L, $LL, f.act(), $LL, f.pool());\n", kernel, l.shape("shape", x),
                longs(constantLongs(n, l, 1)), l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /**
     * Dropout at inference: the output is the input, and the mask (if read) drops nothing. From opset 12 the spec says
     * so (a mask of true); before, it leaves the inference mask open and ONNX Runtime writes zeros (false, or 0 of
     * the input's type in opset 7-9), which the plan matches. Training mode is refused.
     */
    static CodeBlock dropout(Node n, Layer l) {
        if (training(n, l)) throw unsupported(n, "in training mode");
        CodeBlock.Builder b = CodeBlock.builder();
        if (!n.output(0).isEmpty()) b.add(copy(n, l));
        if (n.outputs().size() > 1 && !n.output(1).isEmpty()) {
            String mask = n.output(1);
            b.add("f.act().asSlice($LL, $LL).fill((byte) $L);   // the mask: nothing dropped\n", l.byteOffset(mask),
                    l.type(mask).elementCount() * l.type(mask).dtype().byteSize(), l.opset() >= 12 ? 1 : 0);
        }
        return b.build();
    }

    /**
     * Whether a Dropout trains: before opset 7 unless {@code is_test} is set; from opset 12 when its training_mode
     * input is not a constant false.
     */
    private static boolean training(Node n, Layer l) {
        if (l.opset() < 7) return n.attrs().getInt("is_test", 0) == 0;
        if (!n.hasInput(2)) return false;
        return l.constantValue(n.input(2)).map(w -> w.toLongs()[0] != 0).orElse(true);
    }

    /** DepthToSpace on NCHW, in DCR (the default) or CRD order; values other than f32 as a {@link Movement} transpose. */
    static CodeBlock depthToSpace(Node n, Layer l) {
        String x = n.input(0);
        long[] s = shape(l, x);
        if (s.length != 4) throw unsupported(n, "on rank " + s.length);
        String mode = n.attrs().getString("mode", "DCR");
        if (!mode.equals("DCR") && !mode.equals("CRD")) throw unsupported(n, "with mode=" + mode);
        if (!isF32(l, x)) {   // the transpose Shaping.depthToSpace does, of the input read as 6-D
            long b = n.attrs().getInt("blocksize", 0), c = s[1] / (b * b);
            boolean crd = mode.equals("CRD");
            long[] sixD = crd ? new long[] {s[0], c, b, b, s[2], s[3]} : new long[] {s[0], b, b, c, s[2], s[3]};
            long[] perm = crd ? new long[] {0, 1, 4, 2, 5, 3} : new long[] {0, 3, 4, 1, 5, 2};
            return transposed(n, l, sixD, perm);
        }
        return CodeBlock.of("$T.depthToSpace($L, $L, $L, $L, $L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Shaping.class,
                s[0], s[1], s[2], s[3], n.attrs().getInt("blocksize", 0), mode.equals("CRD"), l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /** SpaceToDepth's transpose: output axis d of N x b x b x C x H' x W' is input axis PERM[d] of N x C x H' x b x W' x b. */
    static final int[] SPACE_TO_DEPTH_PERM = {0, 3, 5, 1, 2, 4};

    /** SpaceToDepth on NCHW, any type, as the {@link Movement} transpose it is. */
    static CodeBlock spaceToDepth(Node n, Layer l) {
        String x = n.input(0);
        long[] s = shape(l, x);
        if (s.length != 4) throw unsupported(n, "on rank " + s.length);
        long b = n.attrs().getInt("blocksize", 0);
        return transposed(n, l, new long[] {s[0], s[1], s[2] / b, b, s[3] / b, b},
                java.util.Arrays.stream(SPACE_TO_DEPTH_PERM).asLongStream().toArray());
    }

    /** Input 0 of {@code n} seen as {@code shape}, written permuted by {@code perm}: a {@link Movement} transpose. */
    private static CodeBlock transposed(Node n, Layer l, long[] shape, long[] perm) {
        String x = n.input(0);
        return CodeBlock.of("$T.transpose($L, $N, $N, $L, $LL, f.act(), $LL, f.pool());\n", Movement.class,
                movedBytes(n, l), l.ints("shape", shape), l.ints("perm", perm), l.segment(x), l.elementOffset(x),
                l.elementOffset(n.output(0)));
    }

    /**
     * Pad in every mode (wrap from opset 19): pads and value attributes before opset 11, constant inputs after, and
     * from opset 18 an axes input that the pads refer to. Values other than f32 through {@link Movement}, the
     * constant_value as its bits.
     */
    static CodeBlock pad(Node n, Layer l) {
        String x = n.input(0);
        Padding padding = padding(n, l);
        long[] pads = padding.pads();
        Shaping.PadMode m = padding.mode();
        Optional<Weights> value = padding.value();
        String padsField = l.constant("pads", com.palantir.javapoet.ArrayTypeName.of(long.class),
                CodeBlock.of("{$L}", longs(pads)));
        if (!isF32(l, x)) {
            int bytes = movedBytes(n, l);
            ByteBuffer v = value.map(Weights::bytes).orElse(ByteBuffer.allocate(8));
            long bits = switch (bytes) {
                case 8 -> v.getLong(0);
                case 4 -> v.getInt(0);
                case 2 -> v.getShort(0);
                default -> v.get(0);
            };
            return CodeBlock.of("$T.pad($L, $N, $N, $T.PadMode.$L, $LL, $L, $LL, f.act(), $LL, f.pool());\n",
                    Movement.class, bytes, l.shape("shape", x), padsField, Shaping.class, m.name(), bits, l.segment(x),
                    l.elementOffset(x), l.elementOffset(n.output(0)));
        }
        return CodeBlock.of("$T.pad($N, $N, $T.PadMode.$L, $L, $L, $LL, f.act(), $LL, f.pool());\n", Shaping.class,
                l.shape("shape", x), padsField, Shaping.class, m.name(), Activations.literal(padding.floatValue()),
                l.segment(x), l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /**
     * Pad's arguments: the begin pads of every axis then the end pads (opset 18's axes spread over all axes, the
     * others 0), the mode, and the constant value (from opset 11 on an input, absent meaning 0; before, the
     * attribute {@code value}, a float).
     */
    record Padding(long[] pads, Shaping.PadMode mode, Optional<Weights> value, float attributeValue) {
        /** The value as f32, for f32 data. */
        float floatValue() { return value.map(w -> w.toFloats()[0]).orElse(attributeValue); }
    }

    static Padding padding(Node n, Layer l) {
        int r = shape(l, n.input(0)).length;
        long[] given;
        Optional<Weights> value = Optional.empty();
        if (l.opset() < 11) {
            given = longsAttr(n, "pads");
        } else {
            given = constantLongs(n, l, 1);
            if (n.hasInput(2)) {
                value = Optional.of(l.constantValue(n.input(2)).orElseThrow(() -> unsupported(n,
                        "with a constant_value computed at run time")));
            }
        }
        long[] axes = n.hasInput(3) ? constantLongs(n, l, 3) : java.util.stream.LongStream.range(0, r).toArray();
        long[] pads = new long[2 * r];
        for (int i = 0; i < axes.length; i++) {
            int axis = Math.toIntExact(Math.floorMod(axes[i], r));
            pads[axis] = given[i];
            pads[r + axis] = given[axes.length + i];
        }
        String mode = n.attrs().getString("mode", "constant");
        Shaping.PadMode m = switch (mode) {
            case "constant" -> Shaping.PadMode.CONSTANT;
            case "reflect" -> Shaping.PadMode.REFLECT;
            case "edge" -> Shaping.PadMode.EDGE;
            case "wrap" -> Shaping.PadMode.WRAP;
            default -> throw unsupported(n, "with mode=" + mode);
        };
        return new Padding(pads, m, value, l.opset() < 11 ? n.attrs().getFloat("value", 0f) : 0f);
    }

    /**
     * Resize of the last two axes (every other keeps its size): nearest, linear or cubic, antialiased or not, in every
     * coordinate_transformation_mode (tf_half_pixel_for_nn of opsets 11 and 12 included; tf_crop_and_resize with a
     * constant region), by constant scales or sizes (with opset 18's axes and keep_aspect_ratio_policy). Resize-10 has neither mode
     * attribute: ONNX Runtime maps its coordinates asymmetrically and takes the floor of a nearest source when
     * upsampling, the ceiling when downsampling; the plan does the first and refuses the second, which no spec states. Upsample (opsets 7 to 9) is Resize-10 by another
     * name, its scales an attribute before opset 9.
     */
    static CodeBlock resize(Node n, Layer l) {
        requireFloat(n, l);
        ResizeSpec s = resizeSpec(n, l);
        // ONNX Runtime copies a Resize whose output has the input's shape, whatever its scales, modes or region
        if (s.oh() == s.h() && s.ow() == s.w()) return copy(n, l);
        ResizeSpec.Crop c = s.crop();
        CodeBlock crop = c == null ? CodeBlock.of("null") : CodeBlock.of("new $T($L, $L, $L, $L, $L)",
                ResizeSpec.Crop.class, Activations.literal(c.startH()), Activations.literal(c.endH()),
                Activations.literal(c.startW()), Activations.literal(c.endW()),
                Float.isNaN(c.extrapolation()) ? "Float.NaN" : Activations.literal(c.extrapolation()));
        CodeBlock spec = CodeBlock.of("new $T($L, 1, $L, $L, $L, $L, $L, $L, $T.Mode.$L, $T.Coordinates.$L, $T.Nearest.$L, "
                + "$L, $L, $L, $L)", ResizeSpec.class, s.n(), s.h(), s.w(), s.oh(), s.ow(), Activations.literal(s.scaleH()),
                Activations.literal(s.scaleW()), ResizeSpec.class, s.mode().name(), ResizeSpec.class,
                s.coordinates().name(), ResizeSpec.class, s.nearest().name(), Activations.literal(s.cubicA()),
                s.excludeOutside(), s.antialias(), crop);
        String sp = l.constant("spec", ClassName.get(ResizeSpec.class), spec);
        String x = n.input(0);
        return CodeBlock.of("$T.run($N, $L, $LL, f.act(), $LL, f.pool());\n", Resize.class, sp, l.segment(x),
                l.elementOffset(x), l.elementOffset(n.output(0)));
    }

    /**
     * Resize as the runtime's kernels take it (also the GPU's, {@link GpuCalls}): the planes (every axis but the last
     * two, which must keep their size) times the last two axes, with the modes and scales of the node.
     */
    static ResizeSpec resizeSpec(Node n, Layer l) {
        String x = n.input(0);
        long[] in = shape(l, x), out = shape(l, n.output(0));
        int r = in.length;
        if (r < 2) throw unsupported(n, "on rank " + r);
        Attrs a = n.attrs();
        boolean v10 = l.opset() < 11;
        String mode = a.getString("mode", "nearest");
        ResizeSpec.Mode m = switch (mode) {
            case "nearest" -> ResizeSpec.Mode.NEAREST;
            case "linear" -> ResizeSpec.Mode.LINEAR;
            case "cubic" -> ResizeSpec.Mode.CUBIC;
            default -> throw unsupported(n, "with mode=" + mode);
        };
        String ctm = v10 ? "asymmetric" : a.getString("coordinate_transformation_mode", "half_pixel");
        ResizeSpec.Coordinates c = switch (ctm) {
            case "half_pixel" -> ResizeSpec.Coordinates.HALF_PIXEL;
            case "half_pixel_symmetric" -> ResizeSpec.Coordinates.HALF_PIXEL_SYMMETRIC;
            case "pytorch_half_pixel" -> ResizeSpec.Coordinates.PYTORCH_HALF_PIXEL;
            case "align_corners" -> ResizeSpec.Coordinates.ALIGN_CORNERS;
            case "asymmetric" -> ResizeSpec.Coordinates.ASYMMETRIC;
            case "tf_half_pixel_for_nn" -> ResizeSpec.Coordinates.TF_HALF_PIXEL_FOR_NN;
            case "tf_crop_and_resize" -> ResizeSpec.Coordinates.TF_CROP_AND_RESIZE;
            default -> throw unsupported(n, "with coordinate_transformation_mode=" + ctm);
        };
        String nm = v10 ? "floor" : a.getString("nearest_mode", "round_prefer_floor");
        ResizeSpec.Nearest near = switch (nm) {
            case "round_prefer_floor" -> ResizeSpec.Nearest.ROUND_PREFER_FLOOR;
            case "round_prefer_ceil" -> ResizeSpec.Nearest.ROUND_PREFER_CEIL;
            case "floor" -> ResizeSpec.Nearest.FLOOR;
            case "ceil" -> ResizeSpec.Nearest.CEIL;
            default -> throw unsupported(n, "with nearest_mode=" + nm);
        };
        float[] scales = resizeScales(n, l, in);
        for (int d = 0; d < r - 2; d++) {
            if (scales[d] != 1f || in[d] != out[d]) throw unsupported(n, "resizing axis " + d + " (only the last two)");
        }
        boolean down = scales[r - 2] < 1f || scales[r - 1] < 1f;
        if (down && v10 && m == ResizeSpec.Mode.NEAREST) throw unsupported(n, "downsampling in nearest mode before opset 11");
        ResizeSpec.Crop crop = c == ResizeSpec.Coordinates.TF_CROP_AND_RESIZE ? resizeCrop(n, l, r) : null;
        // antialias filters linear and cubic Resizes (nearest ignores it), up or down: ONNX Runtime takes its
        // filter path for both, which upsampling only differs from plain interpolation by rounding
        boolean antialias = l.opset() >= 18 && a.getInt("antialias", 0) != 0 && m != ResizeSpec.Mode.NEAREST;
        long planes = 1;
        for (int d = 0; d < r - 2; d++) planes *= in[d];
        return new ResizeSpec(Math.toIntExact(planes), 1, Math.toIntExact(in[r - 2]), Math.toIntExact(in[r - 1]),
                Math.toIntExact(out[r - 2]), Math.toIntExact(out[r - 1]), scales[r - 2], scales[r - 1], m, c, near,
                a.getFloat("cubic_coeff_a", -0.75f), a.getInt("exclude_outside", 0) != 0, antialias, crop);
    }

    /**
     * tf_crop_and_resize's region of the last two axes, from the constant roi input (starts then ends, one per axis,
     * or per axis of opset 18's axes), with the extrapolation value; every other axis must span its whole input.
     */
    private static ResizeSpec.Crop resizeCrop(Node n, Layer l, int r) {
        if (!n.hasInput(1) || l.type(n.input(1)).elementCount() == 0) {
            throw unsupported(n, "with coordinate_transformation_mode=tf_crop_and_resize but no roi");
        }
        float[] roi = l.constantValue(n.input(1)).orElseThrow(() -> unsupported(n, "with a roi computed at run time"))
                .toFloats();
        long[] axes = l.opset() >= 18 && n.attrs().has("axes") ? longsAttr(n, "axes")
                : java.util.stream.LongStream.range(0, r).toArray();
        if (roi.length != 2 * axes.length) {
            throw unsupported(n, "with a roi of " + roi.length + " values for " + axes.length + " axes");
        }
        float[] start = new float[r], end = new float[r];
        Arrays.fill(end, 1f);
        for (int i = 0; i < axes.length; i++) {
            int d = Math.toIntExact(Math.floorMod(axes[i], r));
            start[d] = roi[i];
            end[d] = roi[axes.length + i];
        }
        for (int d = 0; d < r - 2; d++) {
            if (start[d] != 0f || end[d] != 1f) throw unsupported(n, "cropping axis " + d + " (only the last two)");
        }
        return new ResizeSpec.Crop(start[r - 2], end[r - 2], start[r - 1], end[r - 1],
                n.attrs().getFloat("extrapolation_value", 0f));
    }

    /**
     * Resize's scale of every axis (1 where opset 18's axes leave one out): the constant scales, or else the sizes
     * over the input's (in f32, as ONNX Runtime computes them), one scale for all axes under keep_aspect_ratio_policy
     * not_larger (the smallest) or not_smaller (the largest).
     */
    private static float[] resizeScales(Node n, Layer l, long[] in) {
        int r = in.length;
        long[] axes = l.opset() >= 18 && n.attrs().has("axes") ? longsAttr(n, "axes")
                : java.util.stream.LongStream.range(0, r).toArray();
        float[] scales = new float[r];
        Arrays.fill(scales, 1f);
        if (n.is(OpKind.UPSAMPLE) && l.opset() < 9) {   // Upsample-7: an attribute, one scale per axis
            List<Float> given = n.attrs().getFloats("scales", List.of());
            for (int i = 0; i < r; i++) scales[i] = given.get(i);
            return scales;
        }
        int scalesAt = l.opset() < 11 ? 1 : 2;
        if (n.hasInput(scalesAt) && l.type(n.input(scalesAt)).elementCount() > 0) {
            float[] given = l.constantValue(n.input(scalesAt)).orElseThrow(() -> unsupported(n,
                    "with scales computed at run time")).toFloats();
            for (int i = 0; i < axes.length; i++) scales[Math.toIntExact(Math.floorMod(axes[i], r))] = given[i];
            return scales;
        }
        if (!n.hasInput(3)) throw unsupported(n, "without scales or sizes");
        long[] sizes = constantLongs(n, l, 3);
        float[] per = new float[axes.length];
        for (int i = 0; i < axes.length; i++) per[i] = (float) sizes[i] / (float) in[Math.toIntExact(Math.floorMod(axes[i], r))];
        String policy = l.opset() >= 18 ? n.attrs().getString("keep_aspect_ratio_policy", "stretch") : "stretch";
        if (!policy.equals("stretch")) {
            if (!policy.equals("not_larger") && !policy.equals("not_smaller")) {
                throw unsupported(n, "with keep_aspect_ratio_policy=" + policy);
            }
            float one = per[0];
            for (float p : per) one = policy.equals("not_larger") ? Math.min(one, p) : Math.max(one, p);
            Arrays.fill(per, one);
        }
        for (int i = 0; i < axes.length; i++) scales[Math.toIntExact(Math.floorMod(axes[i], r))] = per[i];
        return scales;
    }
}
