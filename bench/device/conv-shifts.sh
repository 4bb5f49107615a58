# Ran once, at 4445a7b (raw: bench/coexec/runs/2026-12-07-s21/conv-shifts); the window's shifts and the stride-2
# shuffles it compares were removed after it (bench/NOTES.md, session 21), so "new" and "noshift" name that commit.
# One device session: PoCL's vector conv kernels with stride-1 taps as shifts of one window per input row and stride-2
# taps as a shuffle of two row loads (new, this checkout) against tap-by-tap loads with lane-by-lane edges (old: the
# compiler of dcde9df, its cgc jars in .bench-old, ahead of the same dependencies), on the emulated pair (PoCL 8
# threads on cores 0-7, Java 8 threads on 8-15). 1. The large 3x3 convs: each side alone (cgc bench layers --step 1),
# old and new alternated, ROUNDS rounds (default 2); then new with the split grid at 0.1 (the oracle). 2. MobileNetV2's
# depthwise convs and stem alone (old, new), then its gpu plan on PoCL (vector kernels), old and new
# alternated, PlanBench. Results are tarred
# after each step. Carry .gpu-bench, .bench-jars and .bench-old; run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/device/conv-shifts.sh`.
set -u
source bench/device/pair-env.sh
cpOf() { [ $1 = old ] && echo ".bench-old/cgc-compiler.jar:.bench-old/lib/*:compiler/target/lib/*" \
    || echo "compiler/target/cgc-compiler.jar:compiler/target/lib/*"; }
save() { tar czf $OUT/results.tgz -C $O --exclude=plans . ; }
lscpu > $O/lscpu.txt
layers() { # VARIANT STEP OUTNAME
  timeout -k 3 -s QUIT 150 taskset -c 8-15 "${jvm[@]}" -cp "$(cpOf $1)" cgc.cli.Main bench layers \
      --large --only 'Conv.*3,3' --device Portable --gpu-kernels vector --threads 8 --step $2 --time-ms ${TIME_MS:-40} \
      --warmup-ms 300 --out $O/$3 > $O/$3.log 2>&1 || echo "$3: rc $?"
  rm -rf $O/$3/plans; save
}
for round in $(seq ${ROUNDS:-2}); do
  for v in old new; do layers $v 1 layers-$v-$round; done
done
for v in old new noshift; do   # MobileNetV2's depthwise convs and stem alone, each side (stride 1 and 2)
  # noshift: this checkout's row loads tap by tap, without the window's shifts (-Dcgc.gpu.conv-shifts=false)
  timeout -k 3 -s QUIT 100 taskset -c 8-15 "${jvm[@]}" -Dcgc.gpu.conv-shifts=$([ $v = noshift ] && echo false || echo true) \
      -cp "$(cpOf $v)" cgc.cli.Main bench layers \
      examples/models/mobilenet_v2.onnx --only 'w\[[0-9]+,(1|3),3,3\]' --device Portable --gpu-kernels vector \
      --threads 8 --step 1 --time-ms 30 --warmup-ms 100 --out $O/mb-layers-$v > $O/mb-layers-$v.log 2>&1 || echo "mb-layers-$v: rc $?"
  rm -rf $O/mb-layers-$v/plans; save
done
layers new 0.1 oracle-new
model=examples/models/mobilenet_v2.onnx
for v in old new; do
  timeout -k 3 120 taskset -c 8-15 "${jvm[@]}" -cp "$(cpOf $v)" cgc.cli.Main compile $model \
      --placement gpu --gpu-kernels vector -o $O/plans/mb-$v.plan.jar > $O/compile-$v.log 2>&1 || echo "compile $v failed"
done
for round in $(seq ${MB_ROUNDS:-2}); do
  for v in old new; do
    timeout -k 3 -s QUIT 90 taskset -c 8-15 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
        -cp $O/plans/mb-$v.plan.jar cgc.runtime.bench.PlanBench $O/plans/mb-$v.plan.jar examples/models/mobilenet_v2.input.npy \
        --device Portable --threads 8 --runs 200 --warmup-ms 3000 2>>$O/bench.err \
        | sed "s/^{/{\"variant\": \"$v\", \"round\": $round, /" >> $O/mobilenet.jsonl
    save
  done
done
echo finished
