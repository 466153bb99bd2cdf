package nimbus.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Nearest-rank percentiles over a sample. */
final class Stats {
    private final double[] sorted;

    Stats(List<? extends Number> values) {
        sorted = values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    }

    Stats(long[] values) {
        sorted = Arrays.stream(values).mapToDouble(v -> v).sorted().toArray();
    }

    int n() {
        return sorted.length;
    }

    double min() {
        return sorted.length == 0 ? Double.NaN : sorted[0];
    }

    double median() {
        return percentile(50);
    }

    double percentile(double p) {
        if (sorted.length == 0) return Double.NaN;
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static String ms0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.0f", v);
    }

    static String ms3(double nanos) {
        return Double.isNaN(nanos) ? "-" : String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    static String ratio(double a, double b) {
        return b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "-" : String.format(Locale.ROOT, "%.2f×", a / b);
    }
}
