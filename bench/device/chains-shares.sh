# One device session, after chains.sh: the encoder's block chains (blk) at smaller GPU shares and the feed-forward
# chain (ffn) at 0.3, chains on, beside the all-CPU plan, ROUNDS rounds (default 2), on the emulated pair (PoCL 8
# threads on cores 0-7, Java 8 threads on cores 8-15); then one profiled run of blk-0.2 (each step's mean time, the
# CPU's side of the run: the wait at a chain's end is what the GPU's parts take beyond the CPU's).
# Carry .gpu-bench and the compiler (target/ jar and lib); run as `source .gpu-bench/env.sh && bash bench/device/chains-shares.sh`.
source bench/device/chains-lib.sh
cgc compile $model --placement cpu -o $O/plans/cpu.plan.jar > $O/plans/cpu.compile.log 2>&1
for r in 0.1 0.15 0.2 0.25; do config blk-$r "$blocks" $r; done
config ffn-0.3 '/f[12]/MatMul$' 0.3
bench() { # PLAN [PlanBench options]
  local plan=$1; shift
  taskset -c 8-15 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $O/plans/$plan.plan.jar \
      cgc.runtime.bench.PlanBench $O/plans/$plan.plan.jar $input --device Portable --threads 8 --runs 300 \
      --warmup-ms 3000 "$@" 2>>$O/bench.err | sed "s/^{/{\"plan\": \"$plan\", /" >> $O/plans.jsonl
}
for round in $(seq ${ROUNDS:-2}); do
  for p in cpu blk-0.1 blk-0.15 blk-0.2 blk-0.25 ffn-0.3; do bench $p; done
  echo "round $round done"
done
bench blk-0.2 --profile
rm -f $O/plans/*.plan.jar
tar czf $OUT/results.tgz -C $O . && echo finished
