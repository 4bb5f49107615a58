# One device session: the PoCL matrix-product kernel (gemm_vector_n) taking its blocks m first (this checkout) against
# n first (the kernels-templates jar in .bench-old/), on the emulated pair (PoCL 8 threads on cores 0-7, Java 8 threads
# on cores 8-15): `cgc bench layers` over the large linear layers, the large 1x1 conv and the encoder's products,
# old and new alternated, ROUNDS rounds (default 2). Only kernels-templates differs, so the CPU columns are a control.
# Carry .gpu-bench, .bench-old and the compiler; run as `source .gpu-bench/env.sh && bash bench/device/pocl-gemm-order.sh`.
# Kept as the record of the run in bench/NOTES.md (at 69e2e30 plus every gemm_vector_n taking rows first); .bench-old
# was the kernels-templates jar with 69e2e30's gemm_vector.stg (`jar uf` of `git show 69e2e30:kernels-templates/…`).
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
export POCL_MAX_PTHREAD_COUNT=8 POCL_AFFINITY=1
[ -f "${JAVA_HOME:-}/lib/libjsig.so" ] && export LD_PRELOAD="$JAVA_HOME/lib/libjsig.so"
jvm=(java -Xbatch --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
new="compiler/target/cgc-compiler.jar:compiler/target/lib/*"
old=".bench-old/cgc-kernels-templates-0.1.0-SNAPSHOT.jar:$new"
for round in $(seq ${ROUNDS:-2}); do
  for v in old new; do
    if [ $v = new ]; then cp=$new; else cp=$old; fi
    timeout ${LIMIT:-150} taskset -c 8-15 "${jvm[@]}" -cp "$cp" cgc.cli.Main bench layers examples/models/encoder2.onnx \
        --large --only "${ONLY:-Linear|w\[256,256,1,1\]}" --device Portable --gpu-kernels vector \
        --threads 8 --step ${STEP:-0.1} --time-ms 40 --out $O/$v-$round > $O/$v-$round.log 2>&1 || echo "$v-$round: rc $?"
  done
done
# how each side scales: the large 128-row linear layer, new kernels, both sides at 1, 2 and 4 threads (cores 0.. and 8..)
for t in 1 2 4; do
  POCL_MAX_PTHREAD_COUNT=$t timeout 60 taskset -c 8-$((7 + t)) "${jvm[@]}" -cp "$new" cgc.cli.Main bench layers --large \
      --only 'Linear x.128' --device Portable --gpu-kernels vector --threads $t --step 1 --time-ms 40 --out $O/scale-$t \
      > $O/scale-$t.log 2>&1 || echo "scale-$t: rc $?"
done
rm -rf $O/*/plans
tar czf $OUT/results.tgz -C $O . && echo finished
