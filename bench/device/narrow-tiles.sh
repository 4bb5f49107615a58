# One device session: the narrow GEMM tails on the GPU machine's Intel cores (AVX-512). First the kernels alone
# (bench/gemm/NarrowTiles.java, one pinned core, whole tile and narrow kernel alternated in one JVM): column pairs for
# 1-8 columns, then (narrow-columns=16) 12 and 16 columns, past the limit. Then MobileNetV2's `cpu` plan with and without them
# (narrow-ab.sh, ROUNDS rounds). Carry .gpu-bench, .bench-jars, .bench-old; .bench-old/probe holds the NarrowTiles
# classes (`javac --add-modules jdk.incubator.vector -cp runtime/target/classes -d .bench-old/probe
# bench/gemm/NarrowTiles.java`). At most 8 files come back: two here, narrow-ab.jsonl. MODEL_AB=0 skips the model.
set -u
J=(java --add-modules=jdk.incubator.vector -cp "compiler/target/lib/*:.bench-old/probe")
{
  taskset -c 2 "${J[@]}" cgc.runtime.cpu.NarrowTiles 384,64,1 384,64,2 384,64,4 384,64,7 384,64,8 960,80,1 960,80,4 \
    960,80,8 160,480,4 64,192,4
  taskset -c 2 "${J[@]}" -Dcgc.gemm.narrow-columns=16 cgc.runtime.cpu.NarrowTiles 384,64,12 384,64,16 960,80,12 \
    960,80,16
} > $OUT/narrow-tiles.txt 2>/dev/null
cat $OUT/narrow-tiles.txt
lscpu | grep -i "model name" >> $OUT/narrow-tiles.txt
[ "${MODEL_AB:-1}" = 1 ] && bash bench/device/narrow-ab.sh > /dev/null
