package cgc.conformance;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import cgc.ir.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a model with ONNX Runtime (CPU, one thread, no graph optimisations, so the op itself runs) on inputs of any
 * element type and returns every output by name: the reference of the conformance checks.
 */
public final class Ort {
    private Ort() {}

    public static Map<String, Data> run(byte[] model, Map<String, Data> inputs) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
            o.setIntraOpNumThreads(1);
            o.setInterOpNumThreads(1);
            o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            try (OrtSession session = env.createSession(model, o)) {
                for (Map.Entry<String, Data> e : inputs.entrySet()) feeds.put(e.getKey(), tensor(env, e.getValue()));
                Map<String, Data> out = new LinkedHashMap<>();
                try (OrtSession.Result result = session.run(feeds)) {
                    for (Map.Entry<String, OnnxValue> e : result) {
                        if (!(e.getValue() instanceof OnnxTensor t)) {
                            throw new IllegalArgumentException("output " + e.getKey() + " is not a tensor");
                        }
                        out.put(e.getKey(), data(t));
                    }
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static OnnxTensor tensor(OrtEnvironment env, Data d) throws OrtException {
        byte[] b = d.bytes();
        ByteBuffer buf = ByteBuffer.allocateDirect(b.length).order(ByteOrder.nativeOrder()).put(b).flip();
        return OnnxTensor.createTensor(env, buf, d.shape(), javaType(d.dtype()));
    }

    private static Data data(OnnxTensor t) {
        DType type = switch (t.getInfo().type) {
            case FLOAT -> DType.F32;
            case DOUBLE -> DType.F64;
            case FLOAT16 -> DType.F16;
            case INT64 -> DType.I64;
            case INT32 -> DType.I32;
            case BOOL -> DType.BOOL;
            case UINT8 -> DType.U8;
            case INT8 -> DType.I8;
            default -> throw new IllegalArgumentException("no test data of ONNX Runtime type " + t.getInfo().type);
        };
        ByteBuffer b = t.getByteBuffer().order(ByteOrder.nativeOrder());
        return Data.fromBytes(type, t.getInfo().getShape(), b);
    }

    private static OnnxJavaType javaType(DType t) {
        return switch (t) {
            case F32 -> OnnxJavaType.FLOAT;
            case F64 -> OnnxJavaType.DOUBLE;
            case F16 -> OnnxJavaType.FLOAT16;
            case I64 -> OnnxJavaType.INT64;
            case I32 -> OnnxJavaType.INT32;
            case BOOL -> OnnxJavaType.BOOL;
            case U8 -> OnnxJavaType.UINT8;
            case I8 -> OnnxJavaType.INT8;
            default -> throw new IllegalArgumentException("no ONNX Runtime type for " + t);
        };
    }
}
