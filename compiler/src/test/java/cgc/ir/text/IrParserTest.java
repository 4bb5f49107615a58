package cgc.ir.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cgc.diag.CgcException;
import cgc.ir.DType;
import cgc.ir.Model;
import cgc.ir.OpKind;
import cgc.ir.OpaqueOp;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the parser accepts beyond the canonical form, and how it resolves names; errors are in ir/invalid. */
class IrParserTest {
    private static Model parse(String text) { return IrParser.parse(text, Path.of("t.cgir"), WeightsLookup.none()); }

    @Test
    void acceptsFreeLayoutAndPrintsItCanonically() {
        String loose = """
                // RUN: some-pass          (comments anywhere)
                module "m" {opsets = {"" = 17}}
                graph "g" (%x : f32 [2]) -> (%y: ?) { const %c : f32[2] = [1, 2]   %y = Add(%x,%c)
                  return %y }
                """;
        String canonical = """
                // cgc IR 1
                module "m" {ir_version = 0, opsets = {"" = 17}}

                graph "g" (%x: f32[2]) -> (%y: ?) {
                  const %c : f32[2] = [1.0, 2.0]
                  %y = Add(%x, %c) : ?
                  return %y
                }
                """;
        assertEquals(canonical, IrPrinter.print(parse(loose), null));
    }

    @Test
    void resolvesOpsByDomainAndKeepsOpaqueOnesAsWritten() {
        Model m = parse("""
                module "m" {}
                graph "g" (%x: f32[2]) -> () {
                  %a = Relu(%x)
                  %b = opaque Relu(%x)
                  %c = opaque com.microsoft.FusedGemm(%x)
                  %d = opaque "my-domain.Op"(%x)
                  return
                }
                """);
        assertEquals(OpKind.RELU, m.graph().nodes().get(0).op());
        assertEquals(new OpaqueOp("", "Relu"), m.graph().nodes().get(1).op());
        assertEquals(new OpaqueOp("com.microsoft", "FusedGemm"), m.graph().nodes().get(2).op());
        assertEquals(new OpaqueOp("my-domain", "Op"), m.graph().nodes().get(3).op());
    }

    @Test
    void largeConstantsComeFromTheLookupByHashAndType() {
        Weights w = TestModels.pattern(DType.F32, 4, 8);
        Weights sameBytesOtherType = Weights.of(DType.I32, List.of(32L), w.copyBytes());
        String text = "module \"m\" {}\ngraph \"g\" () -> () {\n  const %w : f32[4,8] #" + w.hash().substring(0, 8)
                + "\n  const %v : i32[32] #" + w.hash().substring(0, 12).toUpperCase() + "\n  return\n}\n";
        Model m = IrParser.parse(text, Path.of("t.cgir"), WeightsLookup.of(List.of(sameBytesOtherType, w)));
        assertEquals(w, m.graph().constants().get("w"));
        assertEquals(sameBytesOtherType, m.graph().constants().get("v"));
    }

    @Test
    void aLookupThatHandsBackOtherBytesIsCaught() {
        Weights w = TestModels.pattern(DType.F32, 4, 8);
        Weights impostor = Weights.ofFloats(List.of(4L, 8L), new float[32]);
        String text = "module \"m\" {}\ngraph \"g\" () -> () {\n  const %w : f32[4,8] #" + w.hash().substring(0, 8) + "\n  return\n}\n";
        CgcException e = assertThrows(CgcException.class,
                () -> IrParser.parse(text, Path.of("t.cgir"), (prefix, dtype, shape) -> List.of(impostor)));
        assertEquals("t.cgir:3:23: constant %w: the bytes of tensor #" + w.hash().substring(0, 8)
                + " in the weights given (the module names no weights file) do not match its hash (corrupted)", e.describe());
    }

    /** Two i64[17] tensors whose SHA-256 share the first 8 hex digits, 3c14576f (found by search). */
    private static final Weights TWIN_A = twin(14013);
    private static final Weights TWIN_B = twin(22977);

    private static Weights twin(long first) {
        long[] values = new long[17];
        values[0] = first;
        return Weights.ofLongs(List.of(17L), values);
    }

    @Test
    void hashesGrowLongerWhereEightDigitsCollide() {
        assertEquals("3c14576f", TWIN_A.hash().substring(0, 8));
        assertEquals("3c14576f", TWIN_B.hash().substring(0, 8));
        Model m = new Model("twins", 8, new java.util.LinkedHashMap<>(), "", cgc.ir.Graph.builder("g")
                .constant("a", TWIN_A).constant("b", TWIN_B).build());
        String text = IrPrinter.print(m, null);
        assertEquals(true, text.contains("const %a : i64[17] #3c14576fd\n"), text);
        assertEquals(true, text.contains("const %b : i64[17] #3c14576fa\n"), text);
        assertEquals(m, IrParser.parse(text, Path.of("t.cgir"), WeightsLookup.of(List.of(TWIN_A, TWIN_B))));

        String shortened = text.replace("#3c14576fd", "#3c14576f");
        CgcException e = assertThrows(CgcException.class,
                () -> IrParser.parse(shortened, Path.of("t.cgir"), WeightsLookup.of(List.of(TWIN_A, TWIN_B))));
        assertEquals("t.cgir:5:22: constant %a: 2 tensors in the weights given (the module names no weights file) "
                + "match #3c14576f; write more digits", e.describe());
    }

    @Test
    void unknownTypesAndTypesOfOuterValues() {
        Model m = parse("""
                module "m" {}
                graph "g" (%x: ?, %y: ?[2,*]) -> (%z: f32[*]) {
                  %z = Relu(%x) : f32[*]
                  return %z
                }
                """.replace("?[2,*]", "?[2,?]"));
        assertEquals(TensorType.UNKNOWN, m.graph().type("x"));
        assertEquals(TensorType.unranked(DType.F32), m.graph().type("z"));
        assertEquals("?[2,?]", IrPrinter.type(m.graph().type("y")));
    }

    @Test
    void suggestsOnlyLikelyTypos() {
        assertEquals(Optional.of("Conv"), OpNames.suggest("Cnov"));
        assertEquals(Optional.of("MaxPool"), OpNames.suggest("maxpool"));
        assertEquals(Optional.of("BatchNormalization"), OpNames.suggest("BatchNormalisation"));
        assertEquals(Optional.empty(), OpNames.suggest("FusedThing"));
        assertEquals(Optional.empty(), OpNames.suggest("com.microsoft.Gelu"));
        for (OpKind k : OpKind.values()) {
            String name = OpNames.qualified(k.domain(), k.opType());
            assertEquals(Optional.of(k), OpNames.lookup(name), name);
            if (!k.domain().isEmpty()) assertEquals(Optional.of(name), OpNames.suggest(k.opType()));
        }
    }

    @Test
    void antlrPrintsNothing() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured));
        try {
            assertThrows(CgcException.class, () -> parse("module \"m\" {} graph $ \"g\""));
            assertThrows(CgcException.class, () -> parse("module \"m\" {} graph \"g\" ( -> "));
        } finally {
            System.setErr(err);
        }
        assertEquals("", captured.toString());
    }

    @Test
    void errorsCarryTheFileLineAndColumn() {
        CgcException e = assertThrows(CgcException.class, () -> parse("module \"m\" {}\ngraph \"g\" () -> () {\n  %y = Cnov()\n  return\n}"));
        assertEquals("t.cgir:3:8: unknown op \"Cnov\" (did you mean \"Conv\"?)", e.describe());
        assertInstanceOf(Path.class, e.where().file());
    }
}
