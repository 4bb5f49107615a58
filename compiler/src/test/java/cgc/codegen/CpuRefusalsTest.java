package cgc.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.diag.CgcException;
import cgc.ir.Model;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the CPU side still refuses among the forms of the ops it lowers: each refusal is a one-line
 * {@link CgcException} naming the node, the op and the form, never a wrong plan or an internal error.
 */
class CpuRefusalsTest {
    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Dropout trains when training_mode is fed | 13 | (%x: f32[2,3], %t: bool[]) -> (%y: f32[2,3]) | \
              const %r : f32[] = [0.5];  %y = Dropout(%x, %r, %t) : f32[2,3] @drop \
              | node "drop" (Dropout): no CPU kernel for Dropout in training mode in this version of cgc
            Pad with pads fed | 13 | (%x: f32[2,3], %p: i64[4]) -> (%y: f32[4,5]) | %y = Pad(%x, %p) : f32[4,5] @pad \
              | node "pad" (Pad): no CPU kernel for Pad with input 1 computed at run time in this version of cgc
            Resize of the channels | 13 | (%x: f32[1,2,3,3]) -> (%y: f32[1,4,3,3]) | \
              const %s : f32[4] = [1.0, 2.0, 1.0, 1.0];  %y = Resize(%x, _, %s) : f32[1,4,3,3] @rs \
              | node "rs" (Resize): no CPU kernel for Resize resizing axis 1 (only the last two) in this version of cgc
            Resize tf_crop_and_resize | 13 | (%x: f32[1,1,4,4]) -> (%y: f32[1,1,8,8]) | \
              const %s : f32[4] = [1.0, 1.0, 2.0, 2.0];  \
              %y = Resize(%x, _, %s) {coordinate_transformation_mode = "tf_crop_and_resize"} : f32[1,1,8,8] @rs \
              | node "rs" (Resize): no CPU kernel for Resize with coordinate_transformation_mode=tf_crop_and_resize \
            but no roi in this version of cgc
            Resize cropping the channels | 13 | (%x: f32[1,2,4,4]) -> (%y: f32[1,2,8,8]) | \
              const %r : f32[8] = [0.0, 0.5, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0];  const %s : f32[4] = [1.0, 1.0, 2.0, 2.0];  \
              %y = Resize(%x, %r, %s) {coordinate_transformation_mode = "tf_crop_and_resize"} : f32[1,2,8,8] @rs \
              | node "rs" (Resize): no CPU kernel for Resize cropping axis 1 (only the last two) in this version of cgc
            Resize-10 nearest down | 10 | (%x: f32[1,1,8,8]) -> (%y: f32[1,1,4,4]) | \
              const %s : f32[4] = [1.0, 1.0, 0.5, 0.5];  %y = Resize(%x, %s) : f32[1,1,4,4] @rs \
              | node "rs" (Resize): no CPU kernel for Resize downsampling in nearest mode before opset 11 in this \
            version of cgc
            CumSum with its axis fed | 14 | (%x: f32[2,3], %a: i64[]) -> (%y: f32[2,3]) | %y = CumSum(%x, %a) : f32[2,3] @cs \
              | node "cs" (CumSum): no CPU kernel for CumSum with axis computed at run time in this version of cgc
            LSTM on f64 | 14 | (%x: f64[2,1,3], %w: f64[1,8,3], %q: f64[1,8,2]) -> (%y: f64[2,1,1,2]) | \
              %y = LSTM(%x, %w, %q) {hidden_size = 2} : f64[2,1,1,2] @l \
              | node "l" (LSTM): no CPU kernel for LSTM on f64 values in this version of cgc
            Mod on bf16 | 13 | (%a: bf16[3], %b: bf16[3]) -> (%y: bf16[3]) | %y = Mod(%a, %b) {fmod = 1} : bf16[3] @m \
              | node "m" (Mod): no CPU kernel for Mod on bf16 values in this version of cgc
            Cast to bf16 | 13 | (%x: f32[3]) -> (%y: bf16[3]) | %y = Cast(%x) {to = 16} : bf16[3] @c \
              | node "c" (Cast): no CPU kernel for Cast on bf16 values in this version of cgc
            TopK with K fed | 11 | (%x: f32[2,5], %k: i64[1]) -> (%y: f32[2,2]) | \
              %y, %i = TopK(%x, %k) : f32[2,2], i64[2,2] @top \
              | node "top" (TopK): no CPU kernel for TopK with K computed at run time in this version of cgc
            Split with its sizes fed | 13 | (%x: f32[5], %s: i64[2]) -> (%y: f32[2]) | \
              %y, %z = Split(%x, %s) : f32[2], f32[3] @sp \
              | node "sp" (Split): no CPU kernel for Split with split sizes computed at run time in this version of cgc
            Expand with its shape fed | 13 | (%x: f32[1,3], %s: i64[2]) -> (%y: f32[2,3]) | \
              %y = Expand(%x, %s) : f32[2,3] @ex \
              | node "ex" (Expand): no CPU kernel for Expand with shape computed at run time in this version of cgc
            Conv 3-D | 13 | (%x: f32[1,1,3,3,3]) -> (%y: f32[1,1,3,3,3]) | \
              const %w : f32[1,1,1,1,1] = [2.0];  %y = Conv(%x, %w) : f32[1,1,3,3,3] @conv \
              | node "conv" (Conv): no CPU kernel for Conv other than 1-D or 2-D (input f32[1,1,3,3,3]) in this \
            version of cgc
            """)
    void saysWhatAndWhere(String what, long opset, String signature, String body, String message) throws IOException {
        String text = IrSnippet.text(opset, signature, body);
        Model m = IrSnippet.read(dir, text);
        CgcException e = assertThrows(CgcException.class, () -> CodeGenerator.generate(m, "t", Side.CPU), text);
        assertEquals(message.strip(), e.describe());
    }

    /**
     * An op whose output shape a fed input decides is compiled for the shape its recorded type gives; the GPU's
     * kernels would ignore the input as the CPU's did, so they leave such a node to the CPU code, which refuses it.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Split | (%x: f32[5], %s: i64[2]) -> (%y: f32[2]) | %y, %z = Split(%x, %s) : f32[2], f32[3] @sp | \
              node "sp" (Split): no CPU kernel for Split with split sizes computed at run time in this version of cgc
            Expand | (%x: f32[1,3], %s: i64[2]) -> (%y: f32[2,3]) | %y = Expand(%x, %s) : f32[2,3] @ex | \
              node "ex" (Expand): no CPU kernel for Expand with shape computed at run time in this version of cgc
            """)
    void gpuPlacementRefusesShapesFedAtRunTime(String what, String signature, String body, String message)
            throws IOException {
        String text = IrSnippet.text(13, signature, body);
        Model m = IrSnippet.read(dir, text);
        CgcException e = assertThrows(CgcException.class, () -> CodeGenerator.generate(m, "t", Side.GPU), text);
        assertEquals(message.strip(), e.describe());
    }
}
