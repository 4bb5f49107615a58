# One device session: how fast cgc runs quantized models, against ONNX Runtime (its int8 kernels, all
# optimisations) on the same model and the float model, at 16 and 2 threads (2 pinned cores): the example encoder
# and MobileNetV2, float, dynamically quantized (quantize_dynamic: MatMulInteger, u8 weights) and QOperator
# (examples/qdq/mobilenet_v2_qop.onnx). cgc lowers the integer ops to f32 kernels, so its quantized plans are
# expected near its float ones plus the (de)quantization passes. Carry .gpu-bench and .bench-jars; run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ &&
# bash bench/qdq/speed-quantized.sh`. Results under $OUT/speed.
set -u
. bench/device/ab-lib.sh
S=$OUT/speed; mkdir -p $S
python3 - > $S/export.txt 2>&1 <<'PY'
from onnxruntime.quantization import QuantType, quantize_dynamic
quantize_dynamic("examples/models/encoder2.onnx", "/tmp/encoder2_dyn_u8.onnx", weight_type=QuantType.QUInt8)
PY
cp examples/models/encoder2.onnx examples/models/mobilenet_v2.onnx examples/qdq/mobilenet_v2_qop.onnx /tmp/
for m in encoder2 encoder2_dyn_u8 mobilenet_v2 mobilenet_v2_qop; do
  case $m in
    encoder2*) in=examples/models/encoder2.input.npy ;;
    mobilenet_v2) in=examples/models/mobilenet_v2.input.npy ;;
    *) in=examples/qdq/mobilenet_v2_qop.input.npy ;;
  esac
  compile /tmp/$m.onnx cpu /tmp/$m.jar $S/$m.compile.txt
  for t in 16 2; do
    pin=""; [ $t = 2 ] && pin="taskset -c 0,1"
    $pin python3 bench/models/ort_time.py /tmp/$m.onnx $in $t 100 | sed "s/^{/{\"model\": \"$m\", \"engine\": \"ort\", /" >> $S/speed.jsonl
    $pin java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/$m.jar \
      cgc.runtime.bench.PlanBench /tmp/$m.jar $in --device cpu-only --threads $t --runs 100 --warmup-ms 3000 2>/dev/null \
      | head -1 | sed "s/^{/{\"model\": \"$m\", \"engine\": \"cgc\", /" >> $S/speed.jsonl
  done
done
python3 - $S/speed.jsonl <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for r in rows:
    print(f'{r["model"]:18s} {r["engine"]:4s} threads {r.get("threads")}: median {r["median_ms"]:.3f} ms')
PY
