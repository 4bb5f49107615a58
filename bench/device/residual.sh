# one device session: MobileNetV2 with the skip connections' Adds fused into the convs (fuse-residual) against the
# same plans without (the older cgc in .bench-old/, see ab-lib.sh): the `cpu` plans and ONNX Runtime alternated,
# ROUNDS rounds (default 3) at 16 and 8 threads, then the `gpu` plans on the H100 alternated, and one per-step profile
# of each cpu plan at 16 threads. Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
in=examples/models/mobilenet_v2.input.npy
for v in new old; do
  flag=""; [ $v = old ] && flag=old
  compile mobilenet_v2 cpu $O/plans/cpu-$v.jar $O/compile-cpu-$v.log $flag
  compile mobilenet_v2 gpu $O/plans/gpu-$v.jar $O/compile-gpu-$v.log $flag
done
ab_rounds $O $O/plans/cpu-new.jar $O/plans/cpu-old.jar
for round in $(seq ${ROUNDS:-3}); do
  for v in old new; do
    java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $O/plans/gpu-$v.jar \
      cgc.runtime.bench.PlanBench $O/plans/gpu-$v.jar $in --device NVIDIA --threads 16 --runs 300 --warmup-ms 3000 \
      2>>$O/gpu-$v.err | sed "s/^{/{\"version\": \"$v\", \"placement\": \"gpu\", /" >> $O/ab.jsonl
  done
done
for v in old new; do
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $O/plans/cpu-$v.jar \
    cgc.runtime.bench.PlanBench $O/plans/cpu-$v.jar $in --device cpu-only --threads 16 --runs 400 --warmup-ms 4000 \
    --profile > $O/profile-cpu-$v.jsonl 2>>$O/$v.err
done
rm -rf $O/plans
tar czf $OUT/results.tgz -C $O . && echo finished
