# One device session (session 22, after rowload.sh on the same host): MobileNetV2 on the emulated pair (PoCL 8 threads
# on cores 0-7, Java 8 threads on 8-15) with the vector kernels' row loads: 1. the layers oracle of its every heavy
# layer at step 0.1; 2. the model with cpu, gpu and the oracle's per-layer choices (cgc bench models, no search);
# 3. two more rounds of issue 5's two-core figure (ONNX Runtime and the cpu plan, pinned to cores 0,1). Each step
# bounded and tarred. Carry .gpu-bench and .bench-jars; run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/device/mb-oracle.sh`.
set -u
source bench/device/pair-env.sh
cp="compiler/target/cgc-compiler.jar:compiler/target/lib/*"
save() { tar czf $OUT/results.tgz -C $O --exclude=plans . ; }
m=mobilenet_v2; model=examples/models/$m.onnx; in=examples/models/$m.input.npy
timeout -k 3 -s QUIT 330 taskset -c 8-15 "${jvm[@]}" -cp "$cp" cgc.cli.Main bench layers $model --device Portable \
    --gpu-kernels vector --threads 8 --step 0.1 --time-ms 30 --warmup-ms 200 --out $O/layers > $O/layers.log 2>&1 \
    || echo "layers: rc $?"
rm -rf $O/layers/plans; save
timeout -k 3 -s QUIT 150 taskset -c 8-15 "${jvm[@]}" -cp "$cp" cgc.cli.Main bench models $model --oracle $O/layers/layers.json \
    --search-rounds 0 --device Portable --gpu-kernels vector --threads 8 --out $O/models > $O/models.log 2>&1 \
    || echo "models: rc $?"
rm -rf $O/models/plans; save
timeout -k 3 60 "${jvm[@]}" -cp "$cp" cgc.cli.Main compile $model --placement cpu -o $O/plans/cpu.plan.jar > $O/compile.log 2>&1
for round in 1 2; do
  taskset -c 0,1 python3 bench/models/ort_time.py $model $in 2 200 | sed "s/^{/{\"round\": $round, /" >> $O/two-cores.jsonl
  timeout -k 3 -s QUIT 60 taskset -c 0,1 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      -cp $O/plans/cpu.plan.jar cgc.runtime.bench.PlanBench $O/plans/cpu.plan.jar $in --device cpu-only --threads 2 \
      --runs 200 --warmup-ms 3000 2>>$O/bench.err | sed "s/^{/{\"round\": $round, /" >> $O/two-cores.jsonl
  save
done
echo finished
