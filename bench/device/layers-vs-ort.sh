# one device session: where MobileNetV2's and SqueezeNet's `cpu` plans lose to ONNX Runtime at 16 threads, layer by
# layer (cgc's per-step profile against ONNX Runtime's per-node profile), then MobileNetV2's plan from this checkout
# against an older cgc's (.bench-old/, see ab-lib.sh) and ONNX Runtime, alternated, ROUNDS rounds (default 3) at 16
# and 8 threads. Carry .gpu-bench, .bench-old and the compiler (target/ jar and lib).
set -u
. bench/device/ab-lib.sh
O=/tmp/res; rm -rf $O; mkdir -p $O/plans $O/old
for m in mobilenet_v2 squeezenet1_1; do compile $m cpu $O/plans/$m.cpu.plan.jar $O/compile-$m.log; done
compile mobilenet_v2 cpu $O/old/mobilenet_v2.cpu.plan.jar $O/compile-old.log old
for m in mobilenet_v2 squeezenet1_1; do
  in=examples/models/$m.input.npy; jar=$O/plans/$m.cpu.plan.jar
  python3 bench/models/ort_profile.py examples/models/$m.onnx $in 16 400 > $O/ort-profile-$m.json 2>$O/ort-profile-$m.err
  java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench \
    $jar $in --device cpu-only --threads 16 --runs 400 --warmup-ms 4000 --profile > $O/cgc-profile-$m.jsonl 2>>$O/new.err
done
ab_rounds $O $O/plans/mobilenet_v2.cpu.plan.jar $O/old/mobilenet_v2.cpu.plan.jar
rm -rf $O/plans $O/old
tar czf $OUT/results.tgz -C $O . && echo finished
