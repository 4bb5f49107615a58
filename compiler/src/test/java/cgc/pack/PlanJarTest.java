package cgc.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cgc.codegen.CodeGenerator;
import cgc.codegen.GeneratedPlan;
import cgc.codegen.Side;
import cgc.ir.Attrs;
import cgc.ir.DType;
import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import cgc.ir.Weights;
import cgc.runtime.Plan;
import cgc.runtime.Profile;
import cgc.runtime.PlanException;
import cgc.runtime.PlanFormat;
import cgc.runtime.RuntimeVersion;
import cgc.runtime.Session;
import cgc.runtime.device.CpuOnlyDevice;
import cgc.runtime.io.Npy;
import cgc.runtime.io.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan jar of a graph made only of data movement (it needs no kernels), written, loaded and run: through the Java
 * API, from several threads, and by {@code java -jar} in a process of its own; and broken in each way a user can break
 * it.
 */
class PlanJarTest {
    private static final CpuOnlyDevice CPU = new CpuOnlyDevice("test");
    @TempDir static Path dir;
    static Path jar;

    /** x f32[2,3] -> Flatten (a view of x) -> "x/flat"; constant c f32[6] -> Reshape -> "c:2x3" (a copy). */
    static Graph graph() {
        TensorType t = TensorType.of(DType.F32, 2, 3);
        return Graph.builder("moves").input("x", t)
                .constant("c", Weights.ofFloats(List.of(6L), 1, 2, 3, 4, 5, 6))
                .constant("shape", Weights.ofLongs(List.of(2L), 2, 3))
                .node(new Node("/Flatten", OpKind.FLATTEN, List.of("x"), List.of("x/flat"), Attrs.EMPTY)).type("x/flat", t)
                .node(new Node("/Reshape", OpKind.RESHAPE, List.of("c", "shape"), List.of("c:2x3"), Attrs.EMPTY)).type("c:2x3", t)
                .output("x/flat").output("c:2x3").build();
    }

    @BeforeAll
    static void pack() throws IOException {
        java.util.SequencedMap<String, Long> opsets = new java.util.LinkedHashMap<>();
        opsets.put("", 17L);
        GeneratedPlan p = CodeGenerator.generate(new cgc.ir.Model("moves", 8, opsets, "test", graph()),
                "hand-built test graph", Side.CPU);
        jar = dir.resolve("moves.plan.jar");
        long size = PlanJar.write(jar, p, new PlanJar.Stamp("00", "cpu"));
        assertEquals(Files.size(jar), size);
    }

    @Test
    void theJarHoldsThePlanAndEverythingToRunIt() throws IOException {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest m = jf.getManifest();
            assertEquals("cgc.runtime.JavaCheck", m.getMainAttributes().getValue("Main-Class"));
            // Java 8's class file version, so that any older java can load it and say which Java the plan needs.
            byte[] check = jf.getInputStream(jf.getEntry("cgc/runtime/JavaCheck.class")).readAllBytes();
            assertEquals(52, ((check[6] & 0xff) << 8) | (check[7] & 0xff));
            assertEquals("ALL-UNNAMED", m.getMainAttributes().getValue("Enable-Native-Access"));
            assertEquals(RuntimeVersion.CURRENT, m.getMainAttributes().getValue(PlanFormat.VERSION_ATTRIBUTE));
            assertEquals("cgc.plans.MovesPlan", m.getMainAttributes().getValue(PlanFormat.CLASS_ATTRIBUTE));
            for (String e : List.of(PlanFormat.PLAN_JSON, PlanFormat.WEIGHTS, "cgc/src/cgc/plans/MovesPlan.java",
                    "cgc/plans/MovesPlan.class", "cgc/runtime/Plan.class", "cgc/runtime/version.properties",
                    "org/jocl/CL.class", "lib/libJOCL_2_0_5-linux-x86_64.so")) {
                assertNotNull(jf.getEntry(e), e);
            }
            assertEquals(null, jf.getEntry(PlanFormat.KERNELS), "no GPU layer, no kernels.cl");
            String source = new String(jf.getInputStream(jf.getEntry("cgc/src/cgc/plans/MovesPlan.java")).readAllBytes());
            assertTrue(source.contains("// node \"/Reshape\" Reshape f32[6], i64[2] -> f32[2,3], cpu"), source);
            assertTrue(source.contains("// node \"/Flatten\" Flatten f32[2,3] -> f32[2,3]: shares the bytes of \"x\", no code"), source);
            String json = new String(jf.getInputStream(jf.getEntry(PlanFormat.PLAN_JSON)).readAllBytes());
            assertTrue(json.contains("\"aliasOf\": \"x\""), json);
        }
        try (Plan plan = Plan.load(jar)) {
            assertEquals("moves", plan.model());
            assertFalse(plan.usesGpu());
        }
    }

    @Test
    void runsThroughTheJavaApi() {
        Tensor x = Tensor.ofFloats(new float[] {-1, 0, 1, 2, 3, 4}, 2, 3);
        try (Plan plan = Plan.load(jar); Session s = plan.open(CPU, 1)) {
            for (int i = 0; i < 2; i++) {   // a second run on the same session sees the same arena
                Map<String, Tensor> out = s.run(Map.of("x", x));
                assertEquals(List.of("x/flat", "c:2x3"), List.copyOf(out.keySet()));
                assertEquals(x, out.get("x/flat"));
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, out.get("c:2x3").toFloatArray());
            }
        }
    }

    @Test
    void runsIntoOutputTensorsTheCallerKeeps() {
        try (Plan plan = Plan.load(jar); Session s = plan.open(CPU, 1)) {
            Map<String, Tensor> out = new java.util.LinkedHashMap<>(s.run(Map.of("x", Tensor.ofFloats(new float[6], 2, 3))));
            Tensor flat = out.get("x/flat");
            for (int i = 0; i < 2; i++) {
                Tensor x = Tensor.ofFloats(new float[] {i, 7, -1, 2.5f, 3, -4}, 2, 3);
                s.run(Map.of("x", x), out);
                assertSame(flat, out.get("x/flat"), "the same tensor, written again");
                assertEquals(x, flat);
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, out.get("c:2x3").toFloatArray());
            }
            Tensor x = Tensor.ofFloats(new float[6], 2, 3);
            Tensor c = out.get("c:2x3");
            assertEquals("missing output \"c:2x3\" (float32[2,3])",
                    assertThrows(PlanException.class, () -> s.run(Map.of("x", x), Map.of("x/flat", flat))).getMessage());
            assertEquals("output \"x/flat\": expected float32[2,3], got float32[6]", assertThrows(PlanException.class,
                    () -> s.run(Map.of("x", x), Map.of("x/flat", Tensor.ofFloats(new float[6], 6), "c:2x3", c))).getMessage());
            assertEquals("unknown output \"y\"; moves gives \"x/flat\" float32[2,3], \"c:2x3\" float32[2,3]",
                    assertThrows(PlanException.class, () -> s.run(Map.of("x", x), Map.of("x/flat", flat, "c:2x3", c,
                            "y", c))).getMessage());
        }
    }

    @Test
    void profilesEachStepThatRunsCode() {
        try (Plan plan = Plan.load(jar); Session s = plan.open(CPU, 1)) {
            Profile p = s.newProfile();
            assertEquals(0, p.runs());
            Map<String, Tensor> out = s.run(Map.of("x", Tensor.ofFloats(new float[6], 2, 3)));
            for (int i = 0; i < 3; i++) s.run(Map.of("x", Tensor.ofFloats(new float[6], 2, 3)), out, p);
            assertEquals(3, p.runs());
            // the Flatten is a view: no code, no step
            assertEquals(List.of("/Reshape (Reshape, cpu)"), p.steps().stream().map(Profile.Step::name).toList());
            assertTrue(p.steps().getFirst().micros() >= 0);
            assertTrue(p.table(5).contains("/Reshape (Reshape, cpu)"), p.table(5));
            s.run(Map.of("x", Tensor.ofFloats(new float[6], 2, 3)), out);
            assertEquals(3, p.runs(), "a run without the profile leaves it alone");
        }
    }

    @Test
    void sessionsRunConcurrentlyAndOneSessionSerialisesItsCallers() throws Exception {
        try (Plan plan = Plan.load(jar); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Session shared = plan.open(CPU, 1);
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                jobs.add(pool.submit(() -> {
                    try (Session own = plan.open(CPU, 1)) {
                        for (int i = 0; i < 200; i++) {
                            float[] v = new float[6];
                            for (int j = 0; j < 6; j++) v[j] = seed * 1000 + i * 10 + j;
                            Tensor x = Tensor.ofFloats(v, 2, 3);
                            assertEquals(x, own.run(Map.of("x", x)).get("x/flat"));
                            assertEquals(x, shared.run(Map.of("x", x)).get("x/flat"));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> j : jobs) j.get();
        }
    }

    @Test
    void badInputsAreOneClearLineEach() {
        try (Plan plan = Plan.load(jar); Session s = plan.open(CPU, 1)) {
            Tensor ok = Tensor.ofFloats(new float[6], 2, 3);
            assertEquals("unknown input \"y\"; moves takes \"x\" float32[2,3]",
                    assertThrows(PlanException.class, () -> s.run(Map.of("x", ok, "y", ok))).getMessage());
            assertEquals("missing input \"x\" (float32[2,3])",
                    assertThrows(PlanException.class, () -> s.run(Map.of())).getMessage());
            assertEquals("input \"x\": expected float32[2,3], got float32[3,2]",
                    assertThrows(PlanException.class, () -> s.run(Map.of("x", Tensor.ofFloats(new float[6], 3, 2)))).getMessage());
            Tensor ints = Tensor.allocate(cgc.runtime.io.DType.INT32, 2, 3);
            assertEquals("input \"x\": expected float32[2,3], got int32[2,3]",
                    assertThrows(PlanException.class, () -> s.run(Map.of("x", ints))).getMessage());
        }
    }

    @Test
    void aCorruptedWeightsBlobIsRefusedAtLoad() throws IOException {
        Path bad = rewrite("corrupt.plan.jar", w -> {
            w[64 + 9] ^= 1;
            return w;
        }, m -> m);
        String msg = assertThrows(PlanException.class, () -> Plan.load(bad)).getMessage();
        assertTrue(msg.startsWith("corrupt.plan.jar!/cgc/weights.bin is corrupted: checksum mismatch"), msg);
    }

    @Test
    void aPlanOfAnotherVersionIsRefused() throws IOException {
        Path old = rewrite("old.plan.jar", w -> w, m -> {
            m.getMainAttributes().putValue(PlanFormat.VERSION_ATTRIBUTE, "0.0.1");
            return m;
        });
        assertEquals("old.plan.jar was built by cgc 0.0.1, but this runtime is cgc " + RuntimeVersion.CURRENT
                + "; compile the model again with this version",
                assertThrows(PlanException.class, () -> Plan.load(old)).getMessage());
    }

    @Test
    void aJarThatIsNotAPlanIsRefused() throws IOException {
        Path notPlan = dir.resolve("other.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(notPlan), new Manifest())) {
            out.putNextEntry(new JarEntry("a.txt"));
        }
        assertEquals("other.jar is not a cgc plan jar (its manifest has no Cgc-Plan-Class and Cgc-Version)",
                assertThrows(PlanException.class, () -> Plan.load(notPlan)).getMessage());
        Files.writeString(dir.resolve("text.plan.jar"), "hello");
        assertTrue(assertThrows(PlanException.class, () -> Plan.load(dir.resolve("text.plan.jar"))).getMessage()
                .startsWith("text.plan.jar is not a plan jar"));
        assertEquals("nope.plan.jar: no such plan jar",
                assertThrows(PlanException.class, () -> Plan.load(dir.resolve("nope.plan.jar"))).getMessage());
    }

    @Test
    void runsWithJavaDashJarInAProcessOfItsOwn() throws Exception {
        Path in = dir.resolve("x.npy"), out = dir.resolve("out");
        Npy.write(in, Tensor.ofFloats(new float[] {6, 5, 4, 3, 2, 1}, 2, 3));
        Process p = new ProcessBuilder(javaOf(), "-jar", jar.toString(), "--input", "x=" + in, "--output-dir",
                out.toString(), "--repeat", "3").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        assertTrue(log.contains("latency over 3 runs: median "), log);
        // java -jar cannot add the Vector API: the launcher starts itself again with it (the JVM says so), no hint
        assertTrue(log.contains("Using incubator modules: jdk.incubator.vector"), "relaunched with the Vector API: " + log);
        assertTrue(!log.contains("cgc: hint:"), log);
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, Npy.read(out.resolve("x_flat.npy")).toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, Npy.read(out.resolve("c_2x3.npy")).toFloatArray());

        Process missing = new ProcessBuilder(javaOf(), "-jar", jar.toString()).redirectErrorStream(true).start();
        String err = new String(missing.getInputStream().readAllBytes());
        assertEquals(2, missing.waitFor(), err);
        assertTrue(err.lines().anyMatch(l -> l.equals(
                "cgc: error: missing input \"x\" (float32[2,3]): give it with --input x=FILE.npy")), err);
    }

    static String javaOf() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A copy of the plan jar with its weights and manifest edited. */
    private static Path rewrite(String name, UnaryOperator<byte[]> weights, UnaryOperator<Manifest> manifest)
            throws IOException {
        Path to = dir.resolve(name);
        try (JarFile src = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(to), manifest.apply(src.getManifest()))) {
            for (JarEntry e : src.stream().toList()) {
                if (e.getName().equals(JarFile.MANIFEST_NAME) || e.getName().equals("META-INF/")) continue;
                out.putNextEntry(new JarEntry(e.getName()));
                try (InputStream in = src.getInputStream(e)) {
                    byte[] b = in.readAllBytes();
                    out.write(e.getName().equals(PlanFormat.WEIGHTS) ? weights.apply(b) : b);
                }
                out.closeEntry();
            }
        }
        return to;
    }
}
