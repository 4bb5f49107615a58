# One device session: why the encoder's second feed-forward product (128x1024 · 1024x256) takes 1.8x the first's time
# per multiply-add on 8 CPU threads (0.325 against 0.182 ms, chains.sh) while one thread here runs them alike. The
# encoder's CPU plan, profiled (each step's mean time) by PlanBench at 1, 2, 4 and 8 threads on cores 8-15 and 16 on
# all, and at 8 threads with 1, 2 (the default) and 4 GEMM tasks per thread (-Dcgc.cpu.tasks-per-thread).
# Carry .gpu-bench and the compiler (target/ jar and lib); run as `source .gpu-bench/env.sh && bash bench/device/ffn-threads.sh`.
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
[ -f "${JAVA_HOME:-}/lib/libjsig.so" ] && export LD_PRELOAD="$JAVA_HOME/lib/libjsig.so"
model=examples/models/encoder2.onnx; input=examples/models/encoder2.input.npy; plan=$O/cpu.plan.jar
java -Xbatch --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
    -Dcgc.kernel-check=off -cp "compiler/target/cgc-compiler.jar:compiler/target/lib/*" cgc.cli.Main compile $model \
    --placement cpu -o $plan > $O/compile.log 2>&1
bench() { # CPUS THREADS TASKS
  taskset -c $1 java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Dcgc.cpu.tasks-per-thread=$3 \
      -cp $plan cgc.runtime.bench.PlanBench $plan $input --device cpu-only --threads $2 --runs 200 --warmup-ms 2500 \
      --profile 2>>$O/bench.err | sed "s/^{/{\"threads\": $2, \"tasks_per_thread\": $3, /" >> $O/profiles.jsonl
}
bench 8 1 2; bench 8-9 2 2; bench 8-11 4 2; bench 8-15 8 2; bench 0-15 16 2
bench 8-15 8 1; bench 8-15 8 4
rm -f $plan
tar czf $OUT/results.tgz -C $O . && echo finished
