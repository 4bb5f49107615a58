# One device session: MobileNetV2's `cpu` plan on two pinned cores (taskset -c 0,1) with the narrow GEMM tails
# (Simd.narrowKernel) and without (-Dcgc.gemm.narrow=false), with AVX2's 4-row GEMM tile (-Dcgc.gemm.mr=4), the plan of the older cgc in .bench-old/ (ab-lib.sh), and
# ONNX Runtime, alternated within each of ROUNDS rounds (default 4). One file, $OUT/narrow-ab.jsonl, written as it
# goes (the device tool brings back at most 8 files). Carry .gpu-bench, .bench-jars, .bench-old.
set -u
. bench/device/ab-lib.sh
O=$OUT; P=/tmp/narrow-ab; rm -rf $P; mkdir -p $P
in=examples/models/mobilenet_v2.input.npy
compile mobilenet_v2 cpu $P/new.jar $P/compile-new.log
compile mobilenet_v2 cpu $P/old.jar $P/compile-old.log old
bench() {  # TAG JAR [JVM options]
  local tag=$1 jar=$2; shift 2
  taskset -c 0,1 "${jvm[@]}" "$@" -cp $jar cgc.runtime.bench.PlanBench $jar $in --device cpu-only --threads 2 \
    --runs 200 --warmup-ms 4000 2>>$P/cgc.err | sed "s/^{/{\"engine\": \"$tag\", /" >> $O/narrow-ab.jsonl
}
echo "{\"load\": \"$(cat /proc/loadavg)\"}" >> $O/narrow-ab.jsonl
for round in $(seq ${ROUNDS:-4}); do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in 2 200 2>/dev/null \
    | sed 's/^{/{"engine": "onnxruntime", /' >> $O/narrow-ab.jsonl
  bench narrow $P/new.jar
  bench whole $P/new.jar -Dcgc.gemm.narrow=false
  bench mr4 $P/new.jar -Dcgc.gemm.mr=4
  bench old $P/old.jar
done
echo "{\"load\": \"$(cat /proc/loadavg)\"}" >> $O/narrow-ab.jsonl
cat $O/narrow-ab.jsonl
