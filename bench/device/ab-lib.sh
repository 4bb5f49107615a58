# Shared by the device scripts that set a plan from this checkout against an older cgc's and ONNX Runtime
# (ab-cpu.sh, final.sh, layers-vs-ort.sh); sourced, not run. The older cgc is its compiler and runtime jars in
# .bench-old/ (an ignored folder); plans are compiled on the device with the carried compiler.
jvm=(java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
lib="compiler/target/lib/*"

# compile MODEL PLACEMENT JAR LOG [old]: a plan of examples/models/MODEL.onnx (or of MODEL itself, a path ending in
# .onnx), by this checkout's compiler or the old one
compile() {
  local cp="compiler/target/cgc-compiler.jar:$lib" src=examples/models/$1.onnx
  [[ $1 == *.onnx ]] && src=$1
  [ "${5:-}" = old ] && cp=".bench-old/cgc-compiler.jar:.bench-old/cgc-runtime-0.1.0-SNAPSHOT.jar:.bench-old/cgc-kernels-templates-0.1.0-SNAPSHOT.jar:$lib"
  "${jvm[@]}" -cp "$cp" cgc.cli.Main compile $src --placement $2 -o $3 > $4 2>&1 \
    || echo "compile $1 $2 ${5:-new} failed"
}

# ab_rounds OUT NEWJAR OLDJAR: MobileNetV2's two cpu plans and ONNX Runtime alternated, ROUNDS rounds (default 3)
# at 16 and 8 threads, into OUT/ab.jsonl (each plan's line tagged "version": old|new)
ab_rounds() {
  local out=$1 in=examples/models/mobilenet_v2.input.npy jar
  for round in $(seq ${ROUNDS:-3}); do
    for t in 16 8; do
      python3 bench/models/ort_time.py examples/models/mobilenet_v2.onnx $in $t 200 >> $out/ab.jsonl
      for v in old new; do
        if [ $v = new ]; then jar=$2; else jar=$3; fi
        java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp $jar cgc.runtime.bench.PlanBench \
          $jar $in --device cpu-only --threads $t --runs 200 --warmup-ms 4000 2>>$out/$v.err \
          | sed "s/^{/{\"version\": \"$v\", /" >> $out/ab.jsonl
      done
    done
  done
}
