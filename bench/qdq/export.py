"""Quantizes example models to QDQ form with ONNX Runtime's static quantizer (u8 activations, i8 weights), each with
a calibration of seeded normal inputs, and writes them as the zoo holds its models (MODEL_qdq.onnx, its input as
MODEL_qdq.INPUT.npy, ONNX Runtime's output as MODEL_qdq.expected.npy, run op by op in float: no optimisations, the
semantics cgc compiles); reports how far ONNX Runtime's own int8 kernels (all optimisations) are from that. With
--qoperator, the QOperator form instead (QLinearConv, QLinearMatMul and ONNX Runtime's com.microsoft ops; u8 weights,
which no x86 kernel of ONNX Runtime saturates), as MODEL_qop.*, with each model's ops by domain.
    python3 bench/qdq/export.py [--qoperator] OUTDIR MODEL.onnx[:per_channel] ...
Run where onnxruntime's Python package is (the GPU machine)."""
import collections, os, sys
import numpy as np
import onnx
import onnxruntime as ort
from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static


class Normal(CalibrationDataReader):
    def __init__(self, name, shape, count=16):
        rng = np.random.default_rng(0)
        self.feeds = iter([{name: rng.standard_normal(shape).astype(np.float32)} for _ in range(count)])

    def get_next(self):
        return next(self.feeds, None)


def run(path, level, x):
    so = ort.SessionOptions()
    so.graph_optimization_level = level
    s = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
    return s.run(None, {s.get_inputs()[0].name: x})[0]


args = sys.argv[1:]
qoperator = args[0] == "--qoperator"
if qoperator:
    args = args[1:]
out = args[0]
os.makedirs(out, exist_ok=True)
for arg in args[1:]:
    src, _, mode = arg.partition(":")
    per_channel = mode == "per_channel"
    inp = ort.InferenceSession(src, providers=["CPUExecutionProvider"]).get_inputs()[0]
    dst = os.path.join(out, os.path.basename(src).replace(".onnx", "_qop.onnx" if qoperator else "_qdq.onnx"))
    quantize_static(src, dst, Normal(inp.name, inp.shape), per_channel=per_channel, activation_type=QuantType.QUInt8,
                    quant_format=QuantFormat.QOperator if qoperator else QuantFormat.QDQ,
                    weight_type=QuantType.QUInt8 if qoperator else QuantType.QInt8)
    if qoperator:
        ops = collections.Counter((n.domain or "ai.onnx") + ":" + n.op_type for n in onnx.load(dst).graph.node)
        print(f"{os.path.basename(dst)}: {dict(sorted(ops.items()))}")
    x = np.random.default_rng(1).standard_normal(inp.shape).astype(np.float32)
    fused = run(dst, ort.GraphOptimizationLevel.ORT_ENABLE_ALL, x)
    plain = run(dst, ort.GraphOptimizationLevel.ORT_DISABLE_ALL, x)
    stem = dst[:-len(".onnx")]
    np.save(f"{stem}.{inp.name}.npy", x)
    np.save(f"{stem}.expected.npy", plain)
    ref = run(src, ort.GraphOptimizationLevel.ORT_DISABLE_ALL, x)
    rel = lambda a, b: float(np.linalg.norm(a - b) / np.linalg.norm(b))
    print(f"{os.path.basename(dst)}: {os.path.getsize(dst)} bytes, per_channel={per_channel}; relative L2: "
          f"int8 kernels vs float QDQ {rel(fused, plain):.2e}, float QDQ vs the float model {rel(plain, ref):.2e}")
