set -u
. bench/device/ab-lib.sh
O=$OUT; P=/tmp/rows-check; rm -rf $P; mkdir -p $P
in=examples/models/mobilenet_v2.input.npy
compile mobilenet_v2 cpu $P/new.jar $P/compile-new.log
bench() {  # TAG [JVM options]
  local tag=$1; shift
  taskset -c 0,1 "${jvm[@]}" "$@" -cp $P/new.jar cgc.runtime.bench.PlanBench $P/new.jar $in --device cpu-only \
    --threads 2 --runs 200 --warmup-ms 4000 ${PROFILE:-} 2>>$P/cgc.err | sed "s/^{/{\"variant\": \"$tag\", /" >> $O/rows-check.jsonl
}
for round in 1 2 3; do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in 2 200 2>/dev/null >> $O/rows-check.jsonl
  bench rows-outer
  bench panel-order -Dcgc.gemm.rows-outer=false
done
PROFILE=--profile bench rows-outer-profile
PROFILE=--profile bench panel-order-profile -Dcgc.gemm.rows-outer=false
grep -v '"steps"' $O/rows-check.jsonl
