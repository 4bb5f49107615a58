"""Quantizes models with ONNX Runtime's dynamic quantizer (quantize_dynamic: DynamicQuantizeLinear, MatMulInteger,
i8 or u8 weights) in three forms -- its defaults (i8 weights), reduce_range (7-bit i8 weights, which its guide advises
on x86 without VNNI, where its u8 x i8 kernels saturate), u8 weights -- and writes each as OUTDIR/NAME_FORM.onnx with
its inputs (NAME_FORM.INPUT.npy) and ONNX Runtime's output run op by op (NAME_FORM.expected.npy); prints how far
each is from the float model.
    python3 bench/qdq/dynamic.py OUTDIR MODEL.onnx:INPUT=FILE.npy[,INPUT=FILE.npy] ...
Run where onnxruntime's Python package is (the GPU machine)."""
import os, sys
import numpy as np
import onnxruntime as ort
from onnxruntime.quantization import QuantType, quantize_dynamic

FORMS = {"dyn_s8": {}, "dyn_s8_reduced": {"reduce_range": True}, "dyn_u8": {"weight_type": QuantType.QUInt8}}


def run(path, feeds):
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"]).run(None, feeds)[0]


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for arg in sys.argv[2:]:
    src, _, ins = arg.partition(":")
    feeds = {k: np.load(v) for k, v in (kv.split("=") for kv in ins.split(","))}
    names = [i.name for i in ort.InferenceSession(src, providers=["CPUExecutionProvider"]).get_inputs()]
    if len(names) == 1 and len(feeds) == 1:                   # one input, whatever its name
        feeds = {names[0]: next(iter(feeds.values()))}
    ref = run(src, feeds)
    name = os.path.basename(src)[:-len(".onnx")]
    for form, kw in FORMS.items():
        dst = os.path.join(out, f"{name}_{form}.onnx")
        quantize_dynamic(src, dst, **kw)
        y = run(dst, feeds)
        for k, v in feeds.items():
            np.save(os.path.join(out, f"{name}_{form}.{k}.npy"), v)
        np.save(os.path.join(out, f"{name}_{form}.expected.npy"), y)
        rel = float(np.linalg.norm(y - ref) / np.linalg.norm(ref))
        print(f"{name}_{form}: {os.path.getsize(dst)} bytes; ONNX Runtime, quantized vs float model: relative L2 {rel:.2e}")
