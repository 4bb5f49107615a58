# One device session: constant B of the matrix products packed in panels (BPanels: PoCL's gemm_vector_n, and the CPU's
# matrix-vector products), and PoCL's 1x1 convs taking their blocks rows first, against the code before, on the
# emulated pair. old = B read in place on both sides (-Dcgc.gpu.panels=false -Dcgc.gemm.few-rows-panels=false) and
# every gemm_vector_n block order n first (-Dcgc.gpu.rows-first=false); new = this checkout. Each layer's
# CPU, GPU and split times (cgc bench layers, the splits' grid at STEP, default 0.1: the oracle) at 8 threads a side
# (PoCL on cores 0-7, Java on 8-15), ROUNDS rounds (default 1) alternated; first the large 128-row and 1-row linear
# layers alone on each side at one thread. Results are tarred after each step, so what ran comes back if time runs out.
# Carry .gpu-bench and the compiler (.bench-jars: target/ jar and lib); run as
# `source .gpu-bench/env.sh && mkdir -p compiler/target && cp -r .bench-jars/* compiler/target/ && bash bench/device/pocl-b-panels.sh`.
# (An earlier form compared three template jars, n-first and m-first blocks with panels: bench/NOTES.md.)
set -u
O=/tmp/res; rm -rf $O; mkdir -p $O
export POCL_AFFINITY=1
[ -f "${JAVA_HOME:-}/lib/libjsig.so" ] && export LD_PRELOAD="$JAVA_HOME/lib/libjsig.so"
jvm=(java -Xbatch --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
cp="compiler/target/cgc-compiler.jar:compiler/target/lib/*"
layers() { # VARIANT THREADS ONLY OUTNAME STEP
  local new=true
  [ $1 = old ] && new=false
  POCL_MAX_PTHREAD_COUNT=$2 timeout 120 taskset -c 8-$((7 + $2)) "${jvm[@]}" -Dcgc.gpu.panels=$new \
      -Dcgc.gemm.few-rows-panels=$new -Dcgc.gpu.rows-first=$new -cp "$cp" cgc.cli.Main bench layers \
      examples/models/encoder2.onnx --large --only "$3" --device Portable --gpu-kernels vector --threads $2 --step $5 \
      --time-ms ${TIME_MS:-30} --out $O/$4 > $O/$4.log 2>&1 || echo "$4: rc $?"
  rm -rf $O/$4/plans
  tar czf $OUT/results.tgz -C $O .
}
for v in old new; do layers $v 1 'Linear x.(128|1,4096)' $v-1 1; done
for round in $(seq ${ROUNDS:-1}); do
  for v in old new; do layers $v 8 'Linear|w\[256,256,1,1\]' $v-8-$round ${STEP:-0.1}; done
done
echo finished
