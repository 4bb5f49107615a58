# One device session: the encoder on the emulated unified-memory pair (PoCL 8 threads on cores 0-7 standing in for
# the GPU, Java 8 threads on cores 8-15, fine-grained SVM), after the kernels' own erf (b527883) and with chains of
# split layers (2c0fe66, 96f92b9):
#   1. `cgc bench layers` on the encoder's heavy layers (CPU, GPU, split every 0.1): the oracle, the gelu layer's GPU
#      time among them;
#   2. `cgc bench models` with that oracle (CPU, GPU, the oracle's per-layer splits) and the predicted placement of
#      the profile fitted last session (64 layers of the four models; chains weighed as one since 2c0fe66's successor);
#   3. plans with the feed-forward products (ffn), all four linear layers of each block (lin), or each block from its
#      output projection through the LayerNorms (the residual Adds fused into the products since 733f110) and feed-forward products into the next block's qkv
#      projection (blk: the chains of 96f92b9) split at one share R, every other node on the CPU, timed by PlanBench
#      with chains on and off (-Dcgc.chains=false), alternated, ROUNDS rounds (default 2), beside the all-CPU plan.
# Carry .gpu-bench and the compiler (target/ jar and lib); run as `source .gpu-bench/env.sh && bash bench/device/chains.sh`.
source bench/device/chains-lib.sh

cgc bench layers $model --gpu-kernels vector --device Portable --threads 8 --step 0.1 --time-ms 40 --out $O/layers \
    > $O/layers.stdout 2> $O/layers.log; echo "layers: exit $?"
cgc bench models $model --oracle $O/layers/layers.json --gpu-kernels vector --device Portable --threads 8 \
    --time-ms 60 --search-rounds 0 --profile bench/coexec/runs/2026-12-06-late/emulated-layers/profile.json \
    --out $O/models > $O/models.stdout 2> $O/models.log; echo "models: exit $?"

cgc compile $model --placement cpu -o $O/plans/cpu.plan.jar > $O/plans/cpu.compile.log 2>&1
config ffn-0.4 '/f[12]/MatMul$' 0.4
config lin-0.4 '/(qkv|o|f1|f2)/MatMul$' 0.4
for r in 0.3 0.4 0.5; do config blk-$r "$blocks" $r; done

bench() { planbench chains "$@"; }   # PLAN TAG [java options]
for round in $(seq ${ROUNDS:-2}); do
  bench cpu - --enable-native-access=ALL-UNNAMED
  for p in ffn-0.4 lin-0.4 blk-0.3 blk-0.4 blk-0.5; do
    bench $p on -Dcgc.chains=true
    bench $p off -Dcgc.chains=false
  done
  echo "round $round done"
done
rm -rf $O/layers/plans $O/models/plans $O/plans/*.plan.jar
tar czf $OUT/results.tgz -C $O . && echo finished
