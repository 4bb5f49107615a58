# Sourced by the emulated pair's device scripts, run from the repository root: results under $O (emptied, with
# $O/plans), PoCL on 8 threads pinned from core 0 (the "GPU"), libjsig ahead of the OpenCL driver, and the JVM options
# of the compiler's runs in ${jvm[@]} (their cores are the caller's: taskset -c 8-15).
O=/tmp/res; rm -rf $O; mkdir -p $O/plans
export POCL_MAX_PTHREAD_COUNT=8 POCL_AFFINITY=1
[ -f "${JAVA_HOME:-}/lib/libjsig.so" ] && export LD_PRELOAD="$JAVA_HOME/lib/libjsig.so"
jvm=(java -Xbatch --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
     -Dcgc.kernel-check=off)
