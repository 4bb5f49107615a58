"""ONNX Runtime's CPU latency for one model, timed like cgc's PlanBench: warm-up for a set time, then N runs of one
session on the given input; prints one JSON line (median and spread in ms). The peer in bench/models/run."""
import json, sys, time
import numpy as np
import onnxruntime as ort

model, inp, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 100
opts = ort.SessionOptions()
opts.intra_op_num_threads = threads
opts.inter_op_num_threads = 1
opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
s = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
x = np.load(inp)
feed = {s.get_inputs()[0].name: x}
end = time.perf_counter() + 3.0
while time.perf_counter() < end:
    s.run(None, feed)
ms = []
for _ in range(runs):
    t0 = time.perf_counter()
    s.run(None, feed)
    ms.append((time.perf_counter() - t0) * 1e3)
ms.sort()
print(json.dumps({"model": model.split("/")[-1], "engine": "onnxruntime " + ort.__version__, "threads": threads,
                  "runs": runs, "median_ms": round(ms[runs // 2], 4), "p10_ms": round(ms[runs // 10], 4),
                  "p90_ms": round(ms[runs * 9 // 10], 4), "min_ms": round(ms[0], 4)}))
