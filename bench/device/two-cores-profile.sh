# one device session: where MobileNetV2's `cpu` plan spends its time on two cores, against ONNX Runtime's own
# per-node profile, both pinned to cores 0,1 (taskset): PlanBench --profile (2 threads) and bench/models/ort_profile.py
# (2 threads), then the two whole-model medians alternated, ROUNDS rounds (default 2).
# Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
m=${MODEL:-mobilenet_v2}; in=examples/models/$m.input.npy
compile $m cpu $O/plans/$m.jar $O/compile-$m.log
taskset -c 0,1 "${jvm[@]}" -cp $O/plans/$m.jar cgc.runtime.bench.PlanBench $O/plans/$m.jar $in --device cpu-only \
  --threads 2 --runs 300 --warmup-ms 5000 --profile > $O/profile-cgc.jsonl 2>>$O/cgc.err
taskset -c 0,1 python3 bench/models/ort_profile.py examples/models/$m.onnx $in 2 300 > $O/profile-ort.jsonl 2>>$O/ort.err
for round in $(seq ${ROUNDS:-2}); do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/$m.onnx $in 2 200 >> $O/two-cores.jsonl
  taskset -c 0,1 "${jvm[@]}" -cp $O/plans/$m.jar cgc.runtime.bench.PlanBench $O/plans/$m.jar $in --device cpu-only \
    --threads 2 --runs 200 --warmup-ms 4000 2>>$O/cgc.err >> $O/two-cores.jsonl
done
lscpu > $O/lscpu.txt
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
