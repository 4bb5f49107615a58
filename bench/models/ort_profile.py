"""ONNX Runtime's time per node for one model (its own profiler), to set against a cgc plan's per-step profile
(PlanBench --profile): warm-up for a set time, then N profiled runs; prints one JSON line with each node's median
kernel time in microseconds, in the order ONNX Runtime ran them (its fused nodes carry its own names).
    python3 bench/models/ort_profile.py MODEL.onnx INPUT.npy THREADS [RUNS]"""
import json, os, sys, tempfile, time
from collections import defaultdict
import numpy as np
import onnxruntime as ort

model, inp, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
runs = int(sys.argv[4]) if len(sys.argv) > 4 else 200
opts = ort.SessionOptions()
opts.intra_op_num_threads = threads
opts.inter_op_num_threads = 1
opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
x = np.load(inp)
with tempfile.TemporaryDirectory() as d:
    warm = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    feed = {warm.get_inputs()[0].name: x}
    end = time.perf_counter() + 3.0
    while time.perf_counter() < end:
        warm.run(None, feed)
    opts.enable_profiling = True
    opts.profile_file_prefix = os.path.join(d, "ort")
    s = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    for _ in range(runs // 2):                      # the profiled session warms up too; only later runs count
        s.run(None, feed)
    for _ in range(runs):
        s.run(None, feed)
    events = json.load(open(s.end_profiling()))
times, order = defaultdict(list), []
for e in events:
    if e.get("cat") == "Node" and e["name"].endswith("_kernel_time"):
        name = e["name"][: -len("_kernel_time")]
        if name not in times:
            order.append((name, e["args"].get("op_name")))
        times[name].append(e["dur"])
nodes = []
for name, op in order:
    t = sorted(times[name][runs // 2:])
    nodes.append({"node": name, "op": op, "us": t[len(t) // 2]})
print(json.dumps({"model": model.split("/")[-1], "engine": "onnxruntime " + ort.__version__, "threads": threads,
                  "runs": runs, "nodes": nodes}))
