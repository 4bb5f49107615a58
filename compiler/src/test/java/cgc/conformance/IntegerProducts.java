package cgc.conformance;

import cgc.ir.DType;
import java.util.List;
import java.util.Map;

/**
 * The expected output of a MatMulInteger case ONNX Runtime (1.24) cannot be trusted with, computed here as ONNX
 * defines it, {@code y[i, j] = sum_k (a[i, k] - a_zero[i]) * (b[k, j] - b_zero[j])}, in long: a per-row zero point
 * of A, which ONNX Runtime refuses ("must be a scalar or 1D tensor of size 1"), and a u8 A times an i8 B, whose
 * products ONNX Runtime's x86 kernels without VNNI add in pairs into saturating 16-bit lanes ({@code vpmaddubsw}: two
 * products of 255 and 127 exceed 32767), the "saturation" its quantization guide warns of, so that its sums of
 * full-range values are wrong (checked against this formula: cgc's agree with it, ONNX Runtime's not). A [..., M, K]
 * against a matrix B.
 */
final class IntegerProducts {
    private IntegerProducts() {}

    static boolean applies(NodeModel m) {
        if (!m.opType().equals("MatMulInteger")) return false;
        List<NodeModel.Input> in = m.inputs();
        boolean rowZeros = in.size() > 2 && !in.get(2).absent() && in.get(2).data().values().length > 1;
        return rowZeros || in.get(0).data().dtype() == DType.U8 && in.get(1).data().dtype() == DType.I8;
    }

    static Map<String, Data> expected(NodeModel m) {
        List<NodeModel.Input> in = m.inputs();
        Data a = in.get(0).data(), b = in.get(1).data();
        double[] az = in.size() > 2 && !in.get(2).absent() ? in.get(2).data().values() : new double[] {0};
        double[] bz = in.size() > 3 ? in.get(3).data().values() : new double[] {0};
        long[] shape = a.shape().clone();
        int k = (int) shape[shape.length - 1], cols = (int) b.shape()[1];
        int rows = a.values().length / k;                         // every matrix of A, one after another
        shape[shape.length - 1] = cols;
        double[] y = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                long sum = 0;
                for (int t = 0; t < k; t++) {
                    sum += (long) (a.values()[i * k + t] - az[az.length == 1 ? 0 : i % az.length])
                            * (long) (b.values()[t * cols + j] - bz[bz.length == 1 ? 0 : j]);
                }
                y[i * cols + j] = sum;
            }
        }
        return Map.of(m.outputNames().getFirst(), new Data(DType.I32, shape, y));
    }
}
