package cgc.ir.text;

import cgc.ir.Attr;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.Node;
import cgc.ir.Weights;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;
import java.util.TreeSet;

/**
 * The tensors of a model that the text shows by hash: constants and tensor attributes that do not fit inline, in the
 * order the text first mentions them, each once. They make up the weights file. Also fixes how many hex digits of
 * the hash the text shows: 8, or more where two different tensors share the first 8.
 *
 * @param tensors    distinct tensors (by type, shape and bytes), in order of first mention
 * @param hashLength hex digits shown after {@code #}
 */
record LargeTensors(List<Weights> tensors, int hashLength) {

    static final int MIN_HASH_LENGTH = 8;

    LargeTensors {
        tensors = List.copyOf(tensors);
    }

    static LargeTensors of(Model model) {
        SequencedSet<Weights> found = new LinkedHashSet<>();
        collect(model.graph(), found);
        return new LargeTensors(new ArrayList<>(found), hashLength(found));
    }

    String shortHash(Weights w) { return w.hash().substring(0, hashLength); }

    private static void collect(Graph g, SequencedSet<Weights> found) {
        for (Weights w : g.constants().values()) add(w, found);
        for (Node n : g.nodes()) {
            for (Attr a : n.attrs().asMap().values()) {
                switch (a) {
                    case Attr.Tensor(Weights w) -> add(w, found);
                    case Attr.Tensors(List<Weights> ws) -> ws.forEach(w -> add(w, found));
                    case Attr.GraphValue(Graph sub) -> collect(sub, found);
                    case Attr.Graphs(List<Graph> subs) -> subs.forEach(sub -> collect(sub, found));
                    case Attr.Int i -> { }
                    case Attr.Float f -> { }
                    case Attr.Str s -> { }
                    case Attr.Ints is -> { }
                    case Attr.Floats fs -> { }
                    case Attr.Strs ss -> { }
                }
            }
        }
    }

    private static void add(Weights w, SequencedSet<Weights> found) {
        if (!InlineTensors.fits(w)) found.add(w);
    }

    /** The shortest length, at least 8, at which the distinct hashes differ from one another. */
    private static int hashLength(SequencedSet<Weights> tensors) {
        TreeSet<String> hashes = new TreeSet<>();
        for (Weights w : tensors) hashes.add(w.hash());
        int length = MIN_HASH_LENGTH;
        String previous = null;
        for (String h : hashes) {
            if (previous != null) length = Math.max(length, commonPrefix(previous, h) + 1);
            previous = h;
        }
        return length;
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) i++;
        return i;
    }
}
