# One device session: the quantized models' gpu plans on the H100 (NVIDIA OpenCL; CPU side 16 threads) against ONNX
# Runtime on 16 CPU threads, alternated, two rounds: the QOperator MobileNetV2 and the encoder by quantize_dynamic.
# Carry .gpu-bench and .bench-jars; run as `source .gpu-bench/env.sh && mkdir -p compiler/target &&
# cp -r .bench-jars/* compiler/target/ && bash bench/qdq/fused-gpu.sh`. Results under $OUT/fused-gpu.
set -u
. bench/device/ab-lib.sh
S=$OUT/fused-gpu; mkdir -p $S
python3 - > $S/export.txt 2>&1 <<'PY'
from onnxruntime.quantization import QuantType, quantize_dynamic
quantize_dynamic("examples/models/encoder2.onnx", "/tmp/encoder2_dyn_u8.onnx", weight_type=QuantType.QUInt8)
PY
cp examples/qdq/mobilenet_v2_qop.onnx /tmp/
for m in mobilenet_v2_qop encoder2_dyn_u8; do compile /tmp/$m.onnx gpu /tmp/$m.gpu.jar $S/$m.compile.txt; done
for round in 1 2; do
  for m in mobilenet_v2_qop encoder2_dyn_u8; do
    in=examples/qdq/mobilenet_v2_qop.input.npy; [ $m = encoder2_dyn_u8 ] && in=examples/models/encoder2.input.npy
    python3 bench/models/ort_time.py /tmp/$m.onnx $in 16 100 2>/dev/null \
      | sed "s/^{/{\"round\": $round, \"model\": \"$m\", \"engine\": \"ort\", /" >> $S/gpu.jsonl
    java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/$m.gpu.jar \
      cgc.runtime.bench.PlanBench /tmp/$m.gpu.jar $in --device NVIDIA --threads 16 --runs 100 --warmup-ms 3000 \
      2>>$S/$m.err | head -1 | sed "s/^{/{\"round\": $round, \"model\": \"$m\", \"engine\": \"gpu\", /" >> $S/gpu.jsonl
  done
done
grep -h "layers \|fallback\|syncs" $S/*.compile.txt
python3 -c "
import json,sys
for l in open('$S/gpu.jsonl'):
    r=json.loads(l); print(r['round'], r['model'], r['engine'], round(r['median_ms'],3))"
