# one device session: exports bench/zoo's models (export.py, torch there), then compiles each with cgc for both
# placements and runs it (the CPU plan, and the GPU plan on NVIDIA OpenCL), comparing against ONNX Runtime.
# Carry .gpu-bench and the compiler (target/ jar and lib). Writes $OUT/zoo.log and the models.
set -u
. bench/device/ab-lib.sh
Z=/tmp/zoo; rm -rf $Z; mkdir -p $Z/out
python3 bench/zoo/export.py $Z > $Z/export.log 2>&1 || tail -20 $Z/export.log
cgc() { "${jvm[@]}" -cp "compiler/target/cgc-compiler.jar:$lib" cgc.cli.Main "$@"; }
for f in $Z/*.onnx; do
  m=$(basename $f .onnx)
  ins=""; for i in $Z/$m.*.npy; do n=${i#$Z/$m.}; n=${n%.npy}; [ $n = expected ] || ins="$ins --input $n=$i"; done
  for p in cpu gpu; do
    dev=cpu-only; [ $p = gpu ] && dev=NVIDIA
    echo "== $m $p" >> $Z/zoo.log
    if cgc compile $f --placement $p -o $Z/$m-$p.jar >> $Z/zoo.log 2>&1 \
        && cgc run $Z/$m-$p.jar $ins --output-dir $Z/out/$m-$p --device $dev >> $Z/zoo.log 2>&1; then
      python3 bench/zoo/compare.py $Z/$m.expected.npy $Z/out/$m-$p/y.npy >> $Z/zoo.log 2>&1 || echo "MISMATCH" >> $Z/zoo.log
    else
      echo "FAILED" >> $Z/zoo.log
    fi
  done
done
rm -f $Z/*.jar
cp $Z/*.onnx $Z/*.npy $Z/*.log $OUT/ 2>/dev/null
awk '/^== /{if (h) print h " :: " last; h=$0; next} NF{last=$0} END{print h " :: " last}' $Z/zoo.log | cut -c1-220
echo finished
