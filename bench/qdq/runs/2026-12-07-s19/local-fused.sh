# This workstation (2 vCPUs, AMD EPYC, AVX2): the QOperator MobileNetV2 at T threads, rounds alternated in separate
# JVMs: ONNX Runtime 1.24 (Java), cgc at 3dbbc1d (old: session 18), this checkout unfused
# (-Dcgc.fuse-elementwise=false at compile time: the binary-op fix alone) and fused. Plans made beforehand:
#   (3dbbc1d worktree) ./cgc compile examples/qdq/mobilenet_v2_qop.onnx -o /tmp/qold.jar --placement cpu
#   JAVA_TOOL_OPTIONS=-Dcgc.fuse-elementwise=false ./cgc compile ... -o /tmp/qu.jar;  ./cgc compile ... -o /tmp/qf.jar
# bash bench/qdq/runs/2026-12-07-s19/local-fused.sh T ROUNDS >> bench/qdq/runs/2026-12-07-s19/local-fused.jsonl
set -u
. .mvn/jdk25.sh
t=${1:-2}; rounds=${2:-3}
m=examples/qdq/mobilenet_v2_qop.onnx; in=examples/qdq/mobilenet_v2_qop.input.npy
ort=$(ls ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar | grep -v sources | tail -1)
for r in $(seq $rounds); do
  "$JAVA_HOME/bin/java" -cp "$ort" bench/models/OrtBench.java $m $in $t 50 2>/dev/null | tail -1 \
    | sed "s/^{/{\"round\": $r, \"engine\": \"ort\", /"
  for v in qold qu qf; do
    "$JAVA_HOME/bin/java" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp /tmp/$v.jar \
      cgc.runtime.bench.PlanBench /tmp/$v.jar $in --device cpu-only --threads $t --runs 50 --warmup-ms 4000 2>/dev/null \
      | head -1 | sed "s/^{/{\"round\": $r, \"engine\": \"$v\", /"
  done
done
