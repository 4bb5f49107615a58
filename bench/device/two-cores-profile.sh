# one device session: where MobileNetV2's `cpu` plan spends its time on two cores, against ONNX Runtime's own
# per-node profile, both pinned to cores 0,1 (taskset): PlanBench --profile (2 threads) and bench/models/ort_profile.py
# (2 threads), then the two whole-model medians alternated, ROUNDS rounds (default 2), then (KERNELS=1) every
# CpuKernelBench kernel at one and two threads on the same cores. Results go straight to $OUT/two-cores-profile/, so a
# run cut short keeps what it measured. Carry .gpu-bench and the compiler (target/ jar and lib); where .bench-old/ holds
# an older cgc (ab-lib.sh), its plan runs in the same rounds, tagged "version": "old"; with FLAGS_B (JVM options, e.g.
# -Dcgc.gemm.narrow=false) this checkout's plan runs once more each round with them, tagged "variant": "b".
set -u
. bench/device/ab-lib.sh
O=$OUT/two-cores-profile; P=/tmp/two-cores-plans; rm -rf $P; mkdir -p $O $P
m=${MODEL:-mobilenet_v2}; in=examples/models/$m.input.npy
compile $m cpu $P/$m.jar $O/compile-$m.log
old=0; [ -f .bench-old/cgc-compiler.jar ] && old=1 && compile $m cpu $P/old.jar $O/compile-old.log old
taskset -c 0,1 "${jvm[@]}" -cp $P/$m.jar cgc.runtime.bench.PlanBench $P/$m.jar $in --device cpu-only \
  --threads 2 --runs 300 --warmup-ms 5000 --profile > $O/profile-cgc.jsonl 2>>$O/cgc.err
taskset -c 0,1 python3 bench/models/ort_profile.py examples/models/$m.onnx $in 2 300 > $O/profile-ort.jsonl 2>>$O/ort.err
for round in $(seq ${ROUNDS:-2}); do
  taskset -c 0,1 python3 bench/models/ort_time.py examples/models/$m.onnx $in 2 200 >> $O/two-cores.jsonl
  taskset -c 0,1 "${jvm[@]}" -cp $P/$m.jar cgc.runtime.bench.PlanBench $P/$m.jar $in --device cpu-only \
    --threads 2 --runs 200 --warmup-ms 4000 2>>$O/cgc.err >> $O/two-cores.jsonl
  [ -n "${FLAGS_B:-}" ] && taskset -c 0,1 "${jvm[@]}" $FLAGS_B -cp $P/$m.jar cgc.runtime.bench.PlanBench $P/$m.jar $in \
    --device cpu-only --threads 2 --runs 200 --warmup-ms 4000 2>>$O/cgc.err | sed 's/^{/{"variant": "b", /' >> $O/two-cores.jsonl
  [ $old = 1 ] && taskset -c 0,1 "${jvm[@]}" -cp $P/old.jar cgc.runtime.bench.PlanBench $P/old.jar $in --device cpu-only \
    --threads 2 --runs 200 --warmup-ms 4000 2>>$O/cgc.err | sed 's/^{/{"version": "old", /' >> $O/two-cores.jsonl
done
lscpu > $O/lscpu.txt
if [ "${KERNELS:-0}" = 1 ]; then
  taskset -c 0,1 "${jvm[@]}" -cp "$lib" cgc.runtime.bench.CpuKernelBench 2 "${FILTER:-}" > $O/kernels.txt 2>>$O/cgc.err
  [ -n "${FLAGS_B:-}" ] && taskset -c 0,1 "${jvm[@]}" $FLAGS_B -cp "$lib" cgc.runtime.bench.CpuKernelBench 2 \
    "${FILTER:-}" > $O/kernels-b.txt 2>>$O/cgc.err
fi
echo finished
