# One device session (issue 6): launches enqueued ahead behind gates (LaunchScript: AHEAD="on gate off" by default;
# -Dcgc.gpu.ahead=on is the kernels' own gates on PoCL, gate a gate launch, off none; the recorded first run
# predates these names: its "on" was today's gate, its "off" off) on the emulated unified-memory pair (PoCL 8 threads on cores 0-7 as the GPU,
# Java 8 threads on cores 8-15, fine-grained SVM):
#   1. SyncBench on PoCL (svm-flag, event, map, copy, the flag in the kernel, gated launches 1 and 2 ahead, a gate
#      kernel ahead of an unchanged kernel and its publish);
#   2. the encoder's plans of chains.sh (ffn, lin, blk at R) and the all-CPU plan, PlanBench, ahead on and off
#      alternated, ROUNDS rounds (default 2);
#   3. with LAYERS="gate off" (the first session, as "true false"), the large linear layers and the 1x1 256->256 conv, `cgc bench
#      layers` every 0.1, ahead on and off.
# Carry .gpu-bench and .bench-jars; run as
#   source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ && bash THIS
source bench/device/chains-lib.sh
taskset -c 8-15 java --enable-native-access=ALL-UNNAMED -cp "compiler/target/lib/*" cgc.runtime.bench.SyncBench \
    --device Portable --iterations 2000 --warmup 300 > $O/sync.txt 2>&1; echo "sync: exit $?"
cgc compile $model --placement cpu -o $O/plans/cpu.plan.jar > $O/plans/cpu.compile.log 2>&1
config ffn-0.3 '/f[12]/MatMul$' 0.3
config ffn-0.4 '/f[12]/MatMul$' 0.4
config lin-0.4 '/(qkv|o|f1|f2)/MatMul$' 0.4
config blk-0.3 "$blocks" 0.3
bench() { planbench ahead "$@"; }   # PLAN TAG [java options]
for round in $(seq ${ROUNDS:-2}); do
  bench cpu -
  for p in ffn-0.3 ffn-0.4 lin-0.4 blk-0.3; do
    for a in ${AHEAD:-on gate off}; do bench $p $a -Dcgc.gpu.ahead=$a; done
  done
  echo "round $round done"
done
for a in ${LAYERS-}; do
  mkdir -p $O/layers-$a
  taskset -c 8-15 "${jvm[@]}" -Dcgc.gpu.ahead=$a -cp "compiler/target/cgc-compiler.jar:compiler/target/lib/*" cgc.cli.Main \
      bench layers $model --large --only 'Linear|w\[256,256,1,1\]' --gpu-kernels vector --device Portable --threads 8 \
      --step 0.1 --time-ms 40 --out $O/layers-$a > $O/layers-$a/stdout 2> $O/layers-$a/log; echo "layers ahead=$a: exit $?"
done
rm -rf $O/layers-*/plans $O/plans/*.plan.jar
mkdir -p $OUT && tar czf $OUT/results.tgz -C $O . && echo finished
