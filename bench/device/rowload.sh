# One device session (session 22) at this checkout: 1. the large 3x3 convs on the emulated pair (PoCL 8 threads on
# cores 0-7, Java 8 threads on 8-15) with the vector kernels' row loads (rowLoad, session 21): each side alone and the
# split grid at 0.1 (the oracle); 2. MobileNetV2's gpu plan on PoCL (vector kernels) against its cpu plan on the
# other 8 cores, PlanBench, MB_ROUNDS rounds alternated (default 2); 3. issue 5's two-core figure: ONNX Runtime
# (Python) and the cpu plan pinned to cores 0,1, ROUNDS rounds alternated (default 3). Results tarred after each step.
# Carry .gpu-bench and .bench-jars; run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/device/rowload.sh`.
set -u
source bench/device/pair-env.sh
cp="compiler/target/cgc-compiler.jar:compiler/target/lib/*"
save() { tar czf $OUT/results.tgz -C $O --exclude=plans . ; }
lscpu > $O/lscpu.txt
timeout -k 3 -s QUIT 200 taskset -c 8-15 "${jvm[@]}" -cp "$cp" cgc.cli.Main bench layers --large --only 'Conv.*3,3' \
    --device Portable --gpu-kernels vector --threads 8 --step 0.1 --time-ms 40 --warmup-ms 300 --out $O/oracle \
    > $O/oracle.log 2>&1 || echo "oracle: rc $?"
rm -rf $O/oracle/plans; save
m=mobilenet_v2; model=examples/models/$m.onnx; in=examples/models/$m.input.npy
for p in gpu cpu; do
  timeout -k 3 120 taskset -c 8-15 "${jvm[@]}" -cp "$cp" cgc.cli.Main compile $model --placement $p --gpu-kernels vector \
      -o $O/plans/$p.plan.jar > $O/compile-$p.log 2>&1 || echo "compile $p failed"
done
run() { # PLACEMENT DEVICE CORES THREADS ROUND TAG
  timeout -k 3 -s QUIT 90 taskset -c $3 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      -cp $O/plans/$1.plan.jar cgc.runtime.bench.PlanBench $O/plans/$1.plan.jar $in --device $2 --threads $4 --runs 200 \
      --warmup-ms 3000 2>>$O/bench.err | sed "s/^{/{\"placement\": \"$1\", \"tag\": \"$6\", \"round\": $5, /" >> $O/mobilenet.jsonl
  save
}
for round in $(seq ${MB_ROUNDS:-2}); do
  run gpu Portable 8-15 8 $round pocl-gpu-plan
  run cpu cpu-only 8-15 8 $round cpu-8
done
for round in $(seq ${ROUNDS:-3}); do
  taskset -c 0,1 python3 bench/models/ort_time.py $model $in 2 200 | sed "s/^{/{\"round\": $round, /" >> $O/two-cores.jsonl
  run cpu cpu-only 0,1 2 $round cpu-2
done
echo finished
