package cgc.onnx;

import cgc.diag.CgcException;
import cgc.diag.Where;
import cgc.ir.Graph;
import cgc.ir.Model;
import cgc.ir.OpKind;
import cgc.onnx.proto.Onnx;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/**
 * Reads an ONNX model file into the IR. Everything a real model file holds is imported (opsets, types, initializers
 * in every encoding, external data, attributes of every supported type, sub-graphs); anything else is refused with a
 * {@link CgcException} that says what and where, never with another exception.
 */
public final class OnnxImporter {
    /** Protobuf messages are limited to 2 GiB; larger models keep their weights as external data. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE;

    private OnnxImporter() {}

    /** Reads {@code file} (once) and imports it; side files of external data are read relative to its folder. */
    public static Model read(Path file, ImportOptions options) {
        Onnx.ModelProto proto = parse(file, readBytes(file));
        return fromProto(proto, file, options);
    }

    /** Imports an already parsed model; {@code file} names it in messages and anchors external data. */
    static Model fromProto(Onnx.ModelProto proto, Path file, ImportOptions options) {
        Where where = Where.file(file);
        if (!proto.hasGraph()) {
            throw new CgcException(where, "not an ONNX model: it has no graph");
        }
        SequencedMap<String, Long> opsets = opsets(proto, where);
        String producer = (proto.getProducerName() + " " + proto.getProducerVersion()).strip();
        Graph graph = new GraphReader(file, opsets, options).readMain(proto.getGraph());
        return new Model(modelName(file), proto.getIrVersion(), opsets, producer, graph);
    }

    /** {@code ""} for the default operator set, however the file spells it. */
    static String normalDomain(String domain) { return domain.equals("ai.onnx") ? "" : domain; }

    private static SequencedMap<String, Long> opsets(Onnx.ModelProto proto, Where where) {
        SequencedMap<String, Long> opsets = new LinkedHashMap<>();
        for (Onnx.OperatorSetIdProto o : proto.getOpsetImportList()) {
            String domain = normalDomain(o.getDomain());
            if (opsets.put(domain, o.getVersion()) != null) {
                throw new CgcException(where, "opset_import lists domain " + (domain.isEmpty() ? "ai.onnx" : domain)
                        + " twice");
            }
        }
        Long version = opsets.get("");
        if (version == null) {
            boolean usesDefault = proto.getGraph().getNodeList().stream()
                    .anyMatch(n -> normalDomain(n.getDomain()).isEmpty());
            if (usesDefault) {
                throw new CgcException(where, "the model imports no version of the default operator set ai.onnx"
                        + " (ir_version " + proto.getIrVersion() + "); cgc supports opsets " + OpKind.MIN_OPSET
                        + " to " + OpKind.MAX_OPSET);
            }
        } else if (version > OpKind.MAX_OPSET || version < OpKind.MIN_OPSET) {
            throw new CgcException(where, "opset ai.onnx " + version + " is " + (version > OpKind.MAX_OPSET
                    ? "newer" : "older") + " than cgc supports (" + OpKind.MIN_OPSET + " to " + OpKind.MAX_OPSET + ")");
        }
        return opsets;
    }

    private static byte[] readBytes(Path file) {
        Where where = Where.file(file);
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new CgcException(where, "file is " + size + " bytes, over protobuf's 2 GiB limit"
                        + " (large models keep their weights as external data)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CgcException(where, "no such file");
        } catch (IOException e) {
            throw new CgcException(where, "cannot read the file: " + e.getMessage(), e);
        }
    }

    /**
     * Parses the bytes with a stream this class owns, so that a malformed file is reported with the byte offset at
     * which parsing stopped. Byte fields alias {@code bytes} rather than copying them.
     */
    static Onnx.ModelProto parse(Path file, byte[] bytes) {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true);
        try {
            Onnx.ModelProto proto = Onnx.ModelProto.parser().parseFrom(in, ExtensionRegistryLite.getEmptyRegistry());
            in.checkLastTagWas(0);
            return proto;
        } catch (InvalidProtocolBufferException e) {
            long offset = Math.min(in.getTotalBytesRead(), bytes.length);
            // protobuf says "the input ended unexpectedly" when a field or a length runs past the end of the input
            boolean truncated = offset >= bytes.length || String.valueOf(e.getMessage()).contains("ended unexpectedly");
            String why = truncated
                    ? "malformed protobuf (truncated? the message here runs past the end of the file, "
                            + bytes.length + " bytes)"
                    : "malformed protobuf (not an ONNX file?): " + e.getMessage();
            throw new CgcException(Where.file(file).byteOffset(offset), why);
        }
    }

    private static String modelName(Path file) {
        String n = file.getFileName() == null ? "model" : file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
