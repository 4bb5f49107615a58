package cgc.codegen;

import cgc.ir.Graph;
import cgc.ir.Node;
import cgc.ir.Weights;
import cgc.runtime.WeightsBlob;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.zip.CRC32C;

/**
 * Where each constant a graph's nodes read lies in {@code cgc/weights.bin}: offsets (bytes, relative to the payload)
 * aligned to {@link WeightsBlob#ALIGNMENT}, in the order the nodes first read them. Constants no node reads are left
 * out. {@link #writeTo} writes the blob in the format {@link WeightsBlob} defines.
 */
public record WeightsLayout(SequencedMap<String, Entry> entries, long payloadBytes) {

    /** One tensor of the blob. */
    public record Entry(String value, Weights weights, long offset) {
        public long bytes() { return weights.byteSize(); }
    }

    public WeightsLayout {
        entries = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(entries));
    }

    public static WeightsLayout of(Graph g) {
        SequencedMap<String, Entry> entries = new LinkedHashMap<>();
        long at = 0;
        for (Node n : g.nodes()) {
            for (String in : n.inputs()) {
                if (in.isEmpty() || entries.containsKey(in)) continue;
                Weights w = g.constants().get(in);
                if (w == null) continue;
                entries.put(in, new Entry(in, w, at));
                at = align(at + w.byteSize());
            }
        }
        return new WeightsLayout(entries, at);
    }

    /**
     * This layout with {@code extra} tensors after its own, whose offsets stay as they were: copies the code generator
     * derives from the graph's constants for one side's kernels ({@link BPanels}), named so as not to clash with a value.
     */
    public WeightsLayout with(SequencedMap<String, Weights> extra) {
        if (extra.isEmpty()) return this;
        SequencedMap<String, Entry> all = new LinkedHashMap<>(entries);
        long at = payloadBytes;
        for (var e : extra.entrySet()) {
            if (all.containsKey(e.getKey())) throw new IllegalArgumentException("weights \"" + e.getKey() + "\" twice");
            all.put(e.getKey(), new Entry(e.getKey(), e.getValue(), at));
            at = align(at + e.getValue().byteSize());
        }
        return new WeightsLayout(all, at);
    }

    public Entry entry(String value) {
        Entry e = entries.get(value);
        if (e == null) throw new IllegalArgumentException("no weights for value \"" + value + "\"");
        return e;
    }

    public boolean has(String value) { return entries.containsKey(value); }

    /** Writes the header and the payload; returns the bytes written. */
    public long writeTo(OutputStream out) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] pad = new byte[WeightsBlob.ALIGNMENT];
        long at = 0;
        for (Entry e : entries.values()) {
            crc.update(pad, 0, (int) (e.offset - at));
            crc.update(e.weights.bytes());
            at = e.offset + e.bytes();
        }
        crc.update(pad, 0, (int) (payloadBytes - at));

        out.write(WeightsBlob.header(payloadBytes, (int) crc.getValue()));
        at = 0;
        for (Entry e : entries.values()) {
            out.write(pad, 0, (int) (e.offset - at));
            out.write(e.weights.copyBytes());
            at = e.offset + e.bytes();
        }
        out.write(pad, 0, (int) (payloadBytes - at));
        return WeightsBlob.HEADER_BYTES + payloadBytes;
    }

    private static long align(long n) {
        return (n + WeightsBlob.ALIGNMENT - 1) / WeightsBlob.ALIGNMENT * WeightsBlob.ALIGNMENT;
    }
}
