# One device session (session 17): a single-k-block GEMM's tiles row block by row block (GemmDriver's rows-outer rule,
# -Dcgc.gemm.rows-outer-floats=N, 0 = the old order) and the activation arena on transparent huge pages
# (-Dcgc.hugepages=true), on the GPU machine's Intel cores; and session 16's narrow tails with the narrow kernel
# not inlined into GemmDriver.block. First MobileNetV2's 1x1 convs alone (RowsAB, one pinned
# core, both orders alternated in one JVM); then the model's `cpu` plan on two pinned cores, the variants and ONNX
# Runtime alternated within each of ROUNDS rounds (default 3), then one profiled round of each order. Carry
# .gpu-bench, .bench-jars, .bench-old (.bench-old/probe: `javac --add-modules jdk.incubator.vector -cp
# runtime/target/classes -d .bench-old/probe RowsAB.java`); run as `source .gpu-bench/env.sh && mkdir -p
# compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/device/rows-outer.sh`.
set -u
. bench/device/ab-lib.sh
O=$OUT; P=/tmp/rows-outer; rm -rf $P; mkdir -p $P
lscpu | grep -i "model name" > $O/rows-layers.txt
taskset -c 2 "${jvm[@]}" -cp "compiler/target/lib/*:.bench-old/probe" cgc.runtime.cpu.RowsAB 0,16384 8 1 \
  >> $O/rows-layers.txt 2>/dev/null
cat $O/rows-layers.txt
in=examples/models/mobilenet_v2.input.npy
compile mobilenet_v2 cpu $P/new.jar $P/compile-new.log
bench() {  # TAG [JVM options]
  local tag=$1; shift
  taskset -c 0,1 "${jvm[@]}" "$@" -cp $P/new.jar cgc.runtime.bench.PlanBench $P/new.jar $in --device cpu-only \
    --threads 2 --runs 200 --warmup-ms 4000 ${PROFILE:-} 2>>$P/cgc.err | sed "s/^{/{\"engine\": \"$tag\", /" >> $O/rows-ab.jsonl
}
echo "{\"load\": \"$(cat /proc/loadavg)\"}" >> $O/rows-ab.jsonl
for round in $(seq ${ROUNDS:-3}); do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in 2 200 2>/dev/null \
    | sed 's/^{/{"engine": "onnxruntime", /' >> $O/rows-ab.jsonl
  bench rows
  bench cols -Dcgc.gemm.rows-outer-floats=0
  bench rows-huge -Dcgc.hugepages=true
  bench cols-huge -Dcgc.gemm.rows-outer-floats=0 -Dcgc.hugepages=true
  # session 16's lead: the narrow tails (on here) with the narrow kernel kept out of block's compiled code
  bench cols-narrow -Dcgc.gemm.rows-outer-floats=0 -Dcgc.gemm.narrow-columns=8
  bench cols-narrow-apart -Dcgc.gemm.rows-outer-floats=0 -Dcgc.gemm.narrow-columns=8 \
    -XX:CompileCommand=quiet -XX:CompileCommand=dontinline,cgc.runtime.cpu.VectorSimd::narrowKernel
done
PROFILE=--profile bench rows-profile
PROFILE=--profile bench cols-profile -Dcgc.gemm.rows-outer-floats=0
echo "{\"load\": \"$(cat /proc/loadavg)\"}" >> $O/rows-ab.jsonl
grep -v '"steps"' $O/rows-ab.jsonl
