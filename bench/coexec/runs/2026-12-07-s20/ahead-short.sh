# The last of the session's device time: ahead.sh's plans once, each run bounded (a hang leaves its thread dump), results
# into $OUT as they come. Kernels' own gates (on) against none (off); the recorded run named them auto and false.
source bench/device/chains-lib.sh
mkdir -p $OUT
cgc compile $model --placement cpu -o $O/plans/cpu.plan.jar > $O/plans/cpu.compile.log 2>&1
config ffn-0.3 '/f[12]/MatMul$' 0.3
config lin-0.4 '/(qkv|o|f1|f2)/MatMul$' 0.4
config blk-0.3 "$blocks" 0.3
bench() { # PLAN TAG [java options]
  local plan=$1 tag=$2; shift 2
  timeout -k 3 -s QUIT 25 taskset -c 8-15 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED "$@" \
      -cp $O/plans/$plan.plan.jar cgc.runtime.bench.PlanBench $O/plans/$plan.plan.jar $input --device Portable --threads 8 \
      --runs 300 --warmup-ms 2500 > $OUT/$plan-$tag.txt 2>&1; echo "$plan $tag: exit $?"
}
bench cpu -
for p in ffn-0.3 blk-0.3 lin-0.4; do for a in on off; do bench $p $a -Dcgc.gpu.ahead=$a; done; done
