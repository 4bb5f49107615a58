# One device session: what fuse-elementwise and the vector kernels' binary-op fix give the quantized models, against
# the plan before both (.bench-old: session 18's jars, 3dbbc1d) and ONNX Runtime (its int8 kernels, all
# optimisations), at 16 threads and on 2 pinned cores, rounds alternated. Plans: old (3dbbc1d's compiler and runtime),
# unfused (this checkout, -Dcgc.fuse-elementwise=false at compile time: the binary-op fix alone), fused (this
# checkout), and MobileNetV2 QOperator's gpu plans old and new on the H100. Models: MobileNetV2 in ONNX Runtime's QOperator form (examples/qdq), the example encoder quantized by
# quantize_dynamic (made here), squeezenet1_1 in QDQ form. Carry .gpu-bench, .bench-jars, .bench-old; run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ &&
# bash bench/qdq/fused.sh`. Results under $OUT/fused (fused.jsonl, summary.txt).
set -u
. bench/device/ab-lib.sh
S=$OUT/fused; mkdir -p $S
python3 - > $S/export.txt 2>&1 <<'PY'
from onnxruntime.quantization import QuantType, quantize_dynamic
quantize_dynamic("examples/models/encoder2.onnx", "/tmp/encoder2_dyn_u8.onnx", weight_type=QuantType.QUInt8)
PY
cp examples/qdq/mobilenet_v2_qop.onnx examples/qdq/squeezenet1_1_qdq.onnx /tmp/
for m in mobilenet_v2_qop encoder2_dyn_u8 squeezenet1_1_qdq; do
  compile /tmp/$m.onnx cpu /tmp/$m.fused.jar $S/$m.fused.compile.txt
  compile /tmp/$m.onnx cpu /tmp/$m.old.jar $S/$m.old.compile.txt old
  "${jvm[@]}" -Dcgc.fuse-elementwise=false -cp "compiler/target/cgc-compiler.jar:$lib" cgc.cli.Main compile /tmp/$m.onnx \
    --placement cpu -o /tmp/$m.unfused.jar > $S/$m.unfused.compile.txt 2>&1 || echo "compile $m unfused failed"
done
compile /tmp/mobilenet_v2_qop.onnx gpu /tmp/mobilenet_v2_qop.gpu.jar $S/mobilenet_v2_qop.gpu.compile.txt
compile /tmp/mobilenet_v2_qop.onnx gpu /tmp/mobilenet_v2_qop.gpuold.jar $S/mobilenet_v2_qop.gpuold.compile.txt old
for round in $(seq ${ROUNDS:-1}); do
  for v in gpuold gpu; do   # the gpu plans on the H100 (NVIDIA OpenCL), the CPU side on 16 threads
    java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/mobilenet_v2_qop.$v.jar \
      cgc.runtime.bench.PlanBench /tmp/mobilenet_v2_qop.$v.jar examples/qdq/mobilenet_v2_qop.input.npy --device NVIDIA \
      --threads 16 --runs 60 --warmup-ms 3000 2>>$S/mobilenet_v2_qop.$v.err | head -1 \
      | sed "s/^{/{\"round\": $round, \"model\": \"mobilenet_v2_qop\", \"engine\": \"$v\", /" >> $S/fused.jsonl
  done
  for m in mobilenet_v2_qop encoder2_dyn_u8 squeezenet1_1_qdq; do
    case $m in
      encoder2*) in=examples/models/encoder2.input.npy ;;
      mobilenet_v2_qop) in=examples/qdq/mobilenet_v2_qop.input.npy ;;
      *) in=examples/qdq/squeezenet1_1_qdq.input.npy ;;
    esac
    for t in 16 2; do
      pin=""; [ $t = 2 ] && pin="taskset -c 0,1"
      $pin python3 bench/models/ort_time.py /tmp/$m.onnx $in $t 60 \
        | sed "s/^{/{\"round\": $round, \"model\": \"$m\", \"engine\": \"ort\", /" >> $S/fused.jsonl
      for v in old unfused fused; do
        $pin java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/$m.$v.jar \
          cgc.runtime.bench.PlanBench /tmp/$m.$v.jar $in --device cpu-only --threads $t --runs 60 --warmup-ms 3000 \
          2>>$S/$m.$v.err | head -1 | sed "s/^{/{\"round\": $round, \"model\": \"$m\", \"engine\": \"$v\", /" >> $S/fused.jsonl
      done
    done
  done
done
python3 - $S/fused.jsonl > $S/summary.txt <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
for r in rows:
    print(f'round {r["round"]} {r["model"]:18s} {r["engine"]:8s} threads {r.get("threads")}: median {r["median_ms"]:.3f} ms')
PY
cat $S/summary.txt
