# (Measures 40b6f3c, reverted in the commit after it, as c240c39 was: check that commit out to rerun it; on main the
# switch -Dcgc.signal-in-kernel does not exist and both variants run the publish kernel.)
# one device session: the split layers' sync overhead on the emulated pair (PoCL 8 threads on cores 0-7, Java 8
# threads on 8-15) with the svm-flag raised by the layer's own kernel (the split layers' awaited launches carry the
# wrapper, InKernelSignal) against the separate publish kernel (-Dcgc.signal-in-kernel=false), alternated, ROUNDS
# rounds (default 2): `cgc bench layers` on the large linear layers (ONLY, default Linear), cuts every 0.25, its
# paired rounds giving each split's overhead. (Its first run, 2026-12-06 afternoon, measured c240c39, which wrapped
# every kernel.) Carry .gpu-bench and the compiler (target/ jar and lib).
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
export POCL_MAX_PTHREAD_COUNT=8 POCL_AFFINITY=1
[ -f "${JAVA_HOME:-}/lib/libjsig.so" ] && export LD_PRELOAD="$JAVA_HOME/lib/libjsig.so"
for round in $(seq ${ROUNDS:-2}); do
  for v in publish in-kernel; do
    flag=""; [ $v = publish ] && flag="-Dcgc.signal-in-kernel=false"
    taskset -c 8-15 java -Xbatch $flag --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
      --sun-misc-unsafe-memory-access=allow -Dcgc.kernel-check=off -cp "compiler/target/cgc-compiler.jar:compiler/target/lib/*" \
      cgc.cli.Main bench layers --large --only "${ONLY:-Linear}" --gpu-kernels vector --device Portable --threads 8 \
      --step 0.25 --time-ms 60 --warmup-ms 300 --out $O/$v-$round > $O/$v-$round.stdout 2> $O/$v-$round.log
    echo "$v round $round: exit $?"
  done
done
rm -rf $O/*/plans
tar czf $OUT/results.tgz -C $O . && echo finished
