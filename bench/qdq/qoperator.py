"""Quantizes example models in ONNX Runtime's QOperator form (quantize_static with QuantFormat.QOperator: QLinearConv,
QLinearMatMul and, for the ops between them, ONNX Runtime's com.microsoft ops), each with a calibration of seeded normal
inputs, and writes them as export.py does (NAME_qop.onnx, NAME_qop.INPUT.npy, NAME_qop.expected.npy run op by op);
prints each model's ops by domain.
    python3 bench/qdq/qoperator.py OUTDIR MODEL.onnx[:per_channel] ...
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


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for arg in sys.argv[2:]:
    src, _, mode = arg.partition(":")
    inp = ort.InferenceSession(src, providers=["CPUExecutionProvider"]).get_inputs()[0]
    dst = os.path.join(out, os.path.basename(src).replace(".onnx", "_qop.onnx"))
    quantize_static(src, dst, Normal(inp.name, inp.shape), quant_format=QuantFormat.QOperator,
                    per_channel=mode == "per_channel", activation_type=QuantType.QUInt8, weight_type=QuantType.QUInt8)
    x = np.random.default_rng(1).standard_normal(inp.shape).astype(np.float32)
    stem = dst[:-len(".onnx")]
    np.save(f"{stem}.{inp.name}.npy", x)
    np.save(f"{stem}.expected.npy", run(dst, ort.GraphOptimizationLevel.ORT_DISABLE_ALL, x))
    ops = collections.Counter((n.domain or "ai.onnx") + ":" + n.op_type for n in onnx.load(dst).graph.node)
    print(f"{os.path.basename(dst)}: {dict(sorted(ops.items()))}")
