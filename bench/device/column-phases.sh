# (Measured the working tree before 65bcc50, where both layouts had a switch; neither switch was kept, so "old" now runs
# the same code as "new": to rerun, set the plan against .bench-old/ as bench/zoo/ab.sh does.)
# one device session: stride-2 inputs split by column parity (the depthwise ColumnPhasesFlat layout and the phased
# im2col rows) against the same plan with both switched off (-Dcgc.depthwise.no-column-phases=true
# -Dcgc.im2col.no-column-phases=true), MobileNetV2's `cpu` plan, alternated with ONNX Runtime, ROUNDS rounds (default
# 3) on two cores pinned (taskset -c 0,1) and at 16 threads; then a per-step profile of each at two cores.
# Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
m=${MODEL:-mobilenet_v2}; in=examples/models/$m.input.npy; jar=$O/plans/$m.jar
compile $m cpu $jar $O/compile-$m.log
off="-Dcgc.depthwise.no-column-phases=true -Dcgc.im2col.no-column-phases=true"
plan() { # VERSION THREADS PIN [extra PlanBench args]
  local v=$1 t=$2 pin=$3; shift 3
  local flags=""; [ $v = old ] && flags=$off
  taskset -c $pin java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED $flags -cp $jar \
    cgc.runtime.bench.PlanBench $jar $in --device cpu-only --threads $t --runs 200 --warmup-ms 4000 "$@" 2>>$O/$v.err
}
for round in $(seq ${ROUNDS:-3}); do
  for t in 2 16; do
    pin=0-15; [ $t = 2 ] && pin=0,1
    taskset -c $pin python3 bench/models/ort_time.py examples/models/$m.onnx $in $t 200 >> $O/ab.jsonl
    for v in old new; do plan $v $t $pin | sed "s/^{/{\"version\": \"$v\", /" >> $O/ab.jsonl; done
  done
done
for v in old new; do plan $v 2 0,1 --profile > $O/profile-$v.jsonl; done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
