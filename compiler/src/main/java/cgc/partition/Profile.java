package cgc.partition;

import cgc.diag.CgcException;
import cgc.diag.Where;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A device profile ({@code cgc profile fit} writes it, {@code cgc compile --placement predicted --profile FILE} reads
 * it): the two sides' latency models, fitted to the {@code layers} benchmark's measurements on the target, the sync a
 * split layer pays, and what was measured: the device, the CPU side's threads, the GPU side's kernels ({@code tiled}
 * or {@code vector}), the results files.
 */
public record Profile(String format, String device, int threads, String gpuKernels, List<String> sources, SideModel cpu,
                      SideModel gpu, double syncMs, Range macs) {
    /** The multiply-adds of the smallest and the largest layer measured: beyond them a prediction extrapolates. */
    public record Range(double min, double max) {
        public Range {
            if (!(min >= 0 && max >= min)) throw new IllegalArgumentException("a range runs from min to max, not " + min + ".." + max);
        }

        public boolean contains(double v) { return v >= min && v <= max; }
    }

    public static final String FORMAT = "cgc-profile/1";

    public Profile {
        sources = List.copyOf(sources);
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("a profile's format is " + FORMAT + ", not " + format);
        if (cpu == null || gpu == null) throw new IllegalArgumentException("a profile needs a model of each side");
        if (!List.of("tiled", "vector").contains(gpuKernels)) {
            throw new IllegalArgumentException("a profile's gpuKernels is tiled or vector, not " + gpuKernels);
        }
        if (!(syncMs >= 0)) throw new IllegalArgumentException("a sync cannot cost " + syncMs + " ms");
        if (macs == null) throw new IllegalArgumentException("a profile needs the range of the layers it was fitted on");
    }

    /** The predicted latency of {@code work} split along {@code dim}, {@code gpuShare} of it on the GPU, sync included. */
    public double splitMs(LayerWork work, String dim, double gpuShare) {
        return Math.max(cpu.predictMs(work.part(dim, 1 - gpuShare)), gpu.predictMs(work.part(dim, gpuShare))) + syncMs;
    }

    /** Every field required and non-null: a profile missing a coefficient is refused, not read as 0. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);

    public void write(Path file) {
        try {
            Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a profile, or fails with a one-line error naming the file. */
    public static Profile read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new CgcException(Where.file(file), "cannot read the profile: " + e.getMessage());
        }
        try {
            return JSON.readValue(text, Profile.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String what = cause instanceof JsonProcessingException j ? j.getOriginalMessage() : cause.getMessage();
            throw new CgcException(Where.file(file), "not a cgc profile (" + FORMAT + "): " + what.lines().findFirst()
                    .orElse(""));
        }
    }
}
