#!/bin/bash
# Builds .gpu-bench, the folder the device scripts carry: ../shared/device/prepare.sh's OpenCL loader and env.sh, with
# a JRE that can also compile plans there (java.compiler, jdk.compiler: the compiler builds each plan class in
# process). Linked uncompressed and xz'd whole it is 20 MB; compressed by jlink first, 28 MB, which with the tracked
# example models and the compiler's jars passed the device tool's 64 MiB. Run from the project root.
set -euo pipefail
DIR=.gpu-bench
../shared/device/prepare.sh "$DIR" >/dev/null
JDK=${JDK25:-$(ls -d /usr/lib/jvm/*25* 2>/dev/null | head -1)}
tmp=$(mktemp -d)
"$JDK/bin/jlink" --add-modules java.base,java.logging,jdk.unsupported,jdk.incubator.vector,java.management,java.compiler,jdk.compiler \
    --compress zip-0 --strip-debug --no-header-files --no-man-pages --output "$tmp/jre" 2>&1 | grep -v incubator || true
strip --strip-unneeded "$tmp/jre/lib/server/libjvm.so" 2>/dev/null || true
tar -C "$tmp" -cf - jre | xz -9e -T2 > "$DIR/jre.tar.xz"
rm -rf "$tmp"
du -sh "$DIR"
