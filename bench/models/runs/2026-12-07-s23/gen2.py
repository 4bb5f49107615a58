# blocked 1x1 conv kernels: PT pixels x OBT channel blocks, over ic in [ic0, ic1) (multiples of 16), accumulate into Y
# unless first; bias+relu6 when last. Weights for the group: w[ic][OBT*16] from wo.
combos=[(p,o) for o in (1,2,3,4) for p in range(1,13) if p*o<=12 and p<=6]
out=["import jdk.incubator.vector.*;\nimport java.lang.foreign.*;\nimport java.nio.ByteOrder;\n",
"final class Pw2 {\n static final VectorSpecies<Float> S = FloatVector.SPECIES_512;\n static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;\n static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;\n"]
for p,o in combos:
    L=[f" static void k{p}x{o}(MemorySegment x, long xb, long cbStride, int cb0, int cb1, float[] w, int wo, float[] bias, int bo, MemorySegment y, long yb, long obStride, boolean first, boolean last) {{"]
    for i in range(p):
        for j in range(o):
            L.append(f"  FloatVector a{i}_{j} = first ? FloatVector.fromArray(S, bias, bo + {16*j}) : FloatVector.fromMemorySegment(S, y, yb + {j}L * obStride + {i*64}, LE);")
    L.append("  for (int cb = cb0; cb < cb1; cb++) {")
    L.append("   long base = xb + cb * cbStride;")
    L.append(f"   int wb = wo + cb * {16*16*o};")
    L.append("   for (int l = 0; l < 16; l++) {")
    for j in range(o):
        L.append(f"    FloatVector w{j} = FloatVector.fromArray(S, w, wb + l * {16*o} + {16*j});")
    for i in range(p):
        L.append(f"    FloatVector b{i} = FloatVector.broadcast(S, x.get(F, base + {i*64} + l * 4L));")
        for j in range(o):
            L.append(f"    a{i}_{j} = w{j}.fma(b{i}, a{i}_{j});")
    L.append("   }\n  }")
    L.append("  FloatVector zero = FloatVector.zero(S), six = FloatVector.broadcast(S, 6f);")
    for i in range(p):
        for j in range(o):
            L.append(f"  (last ? a{i}_{j}.max(zero).min(six) : a{i}_{j}).intoMemorySegment(y, yb + {j}L * obStride + {i*64}, LE);")
    L.append(" }")
    out.append("\n".join(L)+"\n")
# dispatch per OBT: full tile and remainder by pixel count
for o in (1,2,3,4):
    ps=sorted([p for p,oo in combos if oo==o], reverse=True)
    out.append(f" static void tiles{o}(int pixels, MemorySegment x, long xb, long cbStride, int cb0, int cb1, float[] w, int wo, float[] bias, int bo, MemorySegment y, long yb, long obStride, boolean first, boolean last) {{\n")
    out.append("  int p = 0;\n")
    full=ps[0]
    out.append(f"  for (; p + {full} <= pixels; p += {full}) k{full}x{o}(x, xb + p * 64L, cbStride, cb0, cb1, w, wo, bias, bo, y, yb + p * 64L, obStride, first, last);\n")
    out.append("  int r = pixels - p;\n  switch (r) {\n   case 0: return;\n")
    for q in range(1, full):
        # largest available <= q, then recurse via loop
        pass
    out.append("   default: {\n    while (r > 0) {\n     int q;\n")
    avail=[x for x in ps if x<full]
    cond=" : ".join([f"r >= {a} ? {a}" for a in avail])+" : 1"
    out.append(f"     q = {cond};\n     switch (q) {{\n")
    for a in avail:
        out.append(f"      case {a}: k{a}x{o}(x, xb + p * 64L, cbStride, cb0, cb1, w, wo, bias, bo, y, yb + p * 64L, obStride, first, last); break;\n")
    out.append("     }\n     p += q; r -= q;\n    }\n   }\n  }\n }\n")
out.append("}\n")
open("/tmp/h/Pw2.java","w").write("".join(out))
