"""Relative L2 error of cgc's output against ONNX Runtime's: python3 bench/zoo/compare.py EXPECTED.npy GOT.npy"""
import sys
import numpy as np
a = np.load(sys.argv[1]).astype(np.float64)
b = np.load(sys.argv[2]).astype(np.float64)
if a.shape != b.shape:
    print(f"shape {b.shape} != {a.shape}")
    sys.exit(1)
err = np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-30)
print(f"rel L2 {err:.2e}")
sys.exit(0 if err <= 1e-4 else 1)
