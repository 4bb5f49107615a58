# Which part of ahead.sh hangs on the GPU machine's PoCL 5: SyncBench's gated probes, or a plan with the kernels' own gates
source bench/device/chains-lib.sh
mkdir -p $OUT
timeout -k 5 -s QUIT 60 taskset -c 8-15 java --enable-native-access=ALL-UNNAMED -cp "compiler/target/lib/*" cgc.runtime.bench.SyncBench \
    --device Portable --iterations 500 --warmup 100 > $OUT/sync.txt 2>&1; echo "sync: exit $?"
config ffn-0.4 '/f[12]/MatMul$' 0.4
for a in gate on; do
  timeout -k 5 -s QUIT 40 taskset -c 8-15 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dcgc.gpu.ahead=$a \
      -cp $O/plans/ffn-0.4.plan.jar cgc.runtime.bench.PlanBench $O/plans/ffn-0.4.plan.jar $input --device Portable --threads 8 \
      --runs 100 --warmup-ms 1000 > $OUT/plan-$a.txt 2>&1; echo "plan $a: exit $?"
done
