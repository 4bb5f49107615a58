package cgc.passes;

import cgc.ir.Attr;
import cgc.ir.Attrs;
import cgc.ir.Node;
import cgc.ir.OpKind;
import cgc.ir.TensorType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Einsum as Transposes, Reshapes, ReduceSums and batched MatMuls. The operands are contracted left to right: before
 * each product, the labels of an operand that no later term and not the output needs are summed out; then the labels
 * both share and still needed are the batch, the shared ones not needed are contracted, and the rest are each side's
 * rows and columns: {@code [batch, left, shared] x [batch, shared, right]} as one MatMul of flattened groups. Finally
 * the labels not in the output are summed out and the rest transposed into its order. An ellipsis stands for the
 * same trailing dims in every term (sizes must match: no broadcasting of 1s); a label repeated in one term (a
 * diagonal) is refused.
 */
final class LowerEinsum implements Lowering {
    /** An operand: its value and one label per dim. */
    private record Term(String value, List<Character> labels) {}

    @Override
    public void lower(Node n, Emitter e) {
        String equation = n.attrs().getString("equation", "").replace(" ", "");
        String[] sides = equation.split("->", -1);
        if (sides.length > 2) throw Emitter.error(n, 0, "equation \"" + equation + "\" has more than one ->");
        String[] terms = sides[0].split(",", -1);
        if (terms.length != n.inputs().size()) {
            throw Emitter.error(n, 0, "equation \"" + equation + "\" has " + terms.length + " terms for "
                    + n.inputs().size() + " inputs");
        }
        int ellipsisRank = 0;
        for (int i = 0; i < terms.length; i++) {
            TensorType t = e.staticType(n, i);
            int explicit = terms[i].replace("...", "").length();
            if (terms[i].contains("...")) ellipsisRank = Math.max(ellipsisRank, t.rank() - explicit);
        }
        Map<Character, Long> sizes = new HashMap<>();
        List<Term> operands = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            List<Character> labels = labels(n, i, terms[i], e.type(n.input(i)).rank());
            long[] shape = e.type(n.input(i)).shape();
            if (labels.size() != shape.length) {
                throw Emitter.error(n, i, "term \"" + terms[i] + "\" has " + labels.size() + " labels for rank "
                        + shape.length);
            }
            if (new LinkedHashSet<>(labels).size() != labels.size()) {
                throw Emitter.error(n, i, "term \"" + terms[i] + "\" repeats a label (a diagonal): not supported");
            }
            for (int d = 0; d < shape.length; d++) {
                Long before = sizes.putIfAbsent(labels.get(d), shape[d]);
                if (before != null && before != shape[d]) {
                    throw Emitter.error(n, i, "label " + name(labels.get(d)) + " is " + shape[d] + " here and "
                            + before + " in an earlier term (broadcasting is not supported)");
                }
            }
            operands.add(new Term(n.input(i), labels));
        }
        List<Character> out = sides.length == 2 ? labels(n, 0, sides[1], ellipsisRank + sides[1].replace("...", "")
                .length()) : implicitOutput(operands, ellipsisRank);
        for (char c : out) {
            if (!sizes.containsKey(c)) throw Emitter.error(n, 0, "output label " + name(c) + " is in no input term");
        }
        Term acc = operands.getFirst();
        for (int i = 1; i < operands.size(); i++) {
            Set<Character> later = new LinkedHashSet<>(out);
            for (int j = i + 1; j < operands.size(); j++) later.addAll(operands.get(j).labels());
            Term b = operands.get(i);
            Set<Character> keepA = new LinkedHashSet<>(later);
            keepA.addAll(b.labels());
            Set<Character> keepB = new LinkedHashSet<>(later);
            keepB.addAll(acc.labels());
            acc = contract(n, e, sumOut(n, e, acc, keepA, sizes), sumOut(n, e, b, keepB, sizes), later, sizes);
        }
        acc = sumOut(n, e, acc, new LinkedHashSet<>(out), sizes);
        String result = arrange(n, e, acc, out);
        e.last(n, OpKind.IDENTITY, List.of(result), null);
    }

    /** {@code a} x {@code b} over their shared labels, keeping as batch the shared ones in {@code later}. */
    private static Term contract(Node n, Emitter e, Term a, Term b, Set<Character> later, Map<Character, Long> sizes) {
        List<Character> batch = new ArrayList<>(), shared = new ArrayList<>(), left = new ArrayList<>(),
                right = new ArrayList<>();
        for (char c : a.labels()) {
            if (!b.labels().contains(c)) left.add(c);
            else if (later.contains(c)) batch.add(c);
            else shared.add(c);
        }
        for (char c : b.labels()) if (!a.labels().contains(c)) right.add(c);
        String lhs = flatten(n, e, a, concat(batch, left, shared), sizes, List.of(batch, left, shared));
        String rhs = flatten(n, e, b, concat(batch, shared, right), sizes, List.of(batch, shared, right));
        String product = e.node(n.name() + "_matmul", OpKind.MATMUL, lhs, rhs);
        List<Character> labels = concat(batch, left, right);
        String value = e.node(n.name() + "_unflat", OpKind.RESHAPE, List.of(product,
                e.longs(n.name() + "_unflat_shape", dims(labels, sizes))), null);
        return new Term(value, labels);
    }

    /** {@code t} transposed to {@code order} and reshaped to one dim per group (the groups' sizes multiplied). */
    private static String flatten(Node n, Emitter e, Term t, List<Character> order, Map<Character, Long> sizes,
                                  List<List<Character>> groups) {
        String v = arrange(n, e, t, order);
        long[] shape = new long[groups.size()];
        for (int g = 0; g < shape.length; g++) {
            shape[g] = 1;
            for (char c : groups.get(g)) shape[g] *= sizes.get(c);
        }
        return e.node(n.name() + "_flat", OpKind.RESHAPE, List.of(v, e.longs(n.name() + "_flat_shape", shape)), null);
    }

    /** {@code t} with the labels not in {@code keep} summed out. */
    private static Term sumOut(Node n, Emitter e, Term t, Set<Character> keep, Map<Character, Long> sizes) {
        List<Long> axes = new ArrayList<>();
        List<Character> rest = new ArrayList<>();
        for (int d = 0; d < t.labels().size(); d++) {
            if (keep.contains(t.labels().get(d))) rest.add(t.labels().get(d));
            else axes.add((long) d);
        }
        if (axes.isEmpty()) return t;
        String sum = e.reduce(n.name() + "_sum", OpKind.REDUCE_SUM, t.value(), false,
                axes.stream().mapToLong(Long::longValue).toArray());
        return new Term(sum, rest);
    }

    /** {@code t}'s value transposed so that its labels come in {@code order} (the same set). */
    private static String arrange(Node n, Emitter e, Term t, List<Character> order) {
        long[] perm = new long[order.size()];
        boolean identity = true;
        for (int d = 0; d < perm.length; d++) {
            perm[d] = t.labels().indexOf(order.get(d));
            identity &= perm[d] == d;
        }
        if (identity) return t.value();
        return e.node(n.name() + "_transpose", OpKind.TRANSPOSE, List.of(t.value()),
                Attrs.EMPTY.with("perm", Attr.ints(perm)));
    }

    /** A term's labels, its ellipsis (if any) as the labels of the last {@code rank - explicit} ellipsis dims. */
    private static List<Character> labels(Node n, int input, String term, int rank) {
        List<Character> l = new ArrayList<>();
        int dots = term.indexOf("...");
        if (dots >= 0 && term.indexOf("...", dots + 1) >= 0) {
            throw Emitter.error(n, input, "term \"" + term + "\" has two ellipses");
        }
        String explicit = term.replace("...", "");
        for (int i = 0; i < term.length(); i++) {
            if (i == dots) {
                int count = rank - explicit.length();
                for (int k = count; k > 0; k--) l.add((char) ('0' + k - 1));   // aligned right across terms
                i += 2;
                continue;
            }
            char c = term.charAt(i);
            if (!Character.isLetter(c)) throw Emitter.error(n, input, "term \"" + term + "\": " + c + " is no label");
            l.add(c);
        }
        return l;
    }

    /** The implicit output: the ellipsis dims, then the labels used once, in alphabetical order. */
    private static List<Character> implicitOutput(List<Term> operands, int ellipsisRank) {
        List<Character> out = new ArrayList<>();
        for (int k = ellipsisRank; k > 0; k--) out.add((char) ('0' + k - 1));
        Map<Character, Integer> uses = new HashMap<>();
        for (Term t : operands) for (char c : t.labels()) if (Character.isLetter(c)) uses.merge(c, 1, Integer::sum);
        TreeSet<Character> once = new TreeSet<>();
        uses.forEach((c, k) -> { if (k == 1) once.add(c); });
        out.addAll(once);
        return out;
    }

    private static long[] dims(List<Character> labels, Map<Character, Long> sizes) {
        return labels.stream().mapToLong(sizes::get).toArray();
    }

    @SafeVarargs
    private static List<Character> concat(List<Character>... parts) {
        List<Character> all = new ArrayList<>();
        for (List<Character> p : parts) all.addAll(p);
        return all;
    }

    private static String name(char c) { return Character.isLetter(c) ? "'" + c + "'" : "of the ellipsis"; }
}
