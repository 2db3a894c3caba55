package dev.llmgateway.gateway.metrics.remotewrite;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBucket;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One time series with its current value: the same series, names and label values the text
 * exposition on {@code /actuator/prometheus} shows (counters {@code _total}, histograms
 * {@code _bucket{le}}/{@code _count}/{@code _sum}), plus the push's own labels. Values are the
 * registry's cumulative ones, so every push restates the totals and a lost push loses nothing.
 */
record Series(List<Label> labels, double value, boolean cumulative, long createdMillis) {
    record Label(String name, String value) {}

    Series(List<Label> labels, double value) {
        this(labels, value, false, 0);
    }

    static final String NAME = "__name__";

    /** Labels sorted by name, {@code __name__} among them, empty values dropped (empty means absent in Prometheus). */
    static Series of(String name, Labels labels, Map<String, String> extra, String extraName, String extraValue,
                     double value) {
        return of(name, labels, extra, extraName, extraValue, value, 0);
    }

    /**
     * {@code created}: for a counter or a histogram's bucket, count or sum (which start from 0), when
     * it was created in epoch milliseconds, or -1 when not known; 0 for any other series.
     */
    static Series of(String name, Labels labels, Map<String, String> extra, String extraName, String extraValue,
                     double value, long created) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) sorted.put(labels.getPrometheusName(i), labels.getValue(i));
        if (extraName != null) sorted.put(extraName, extraValue);
        sorted.putAll(extra); // the push's instance/job win over a meter's own
        sorted.put(NAME, name);
        List<Label> list = new ArrayList<>(sorted.size());
        sorted.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) list.add(new Label(k, v));
        });
        return new Series(List.copyOf(list), value, created != 0, created);
    }

    static List<Series> from(MetricSnapshots snapshots, Map<String, String> extra) {
        List<Series> out = new ArrayList<>();
        for (MetricSnapshot snapshot : snapshots) {
            String name = snapshot.getMetadata().getPrometheusName();
            switch (snapshot) {
                case CounterSnapshot c -> c.getDataPoints().forEach(p ->
                        out.add(of(name + "_total", p.getLabels(), extra, null, null, p.getValue(), created(p))));
                case GaugeSnapshot g -> g.getDataPoints().forEach(p ->
                        out.add(of(name, p.getLabels(), extra, null, null, p.getValue())));
                case HistogramSnapshot h -> h.getDataPoints().forEach(p -> histogram(out, name, p, extra));
                case SummarySnapshot s -> s.getDataPoints().forEach(p -> {
                    p.getQuantiles().forEach(q -> out.add(of(name, p.getLabels(), extra, "quantile",
                            format(q.getQuantile()), q.getValue())));
                    if (p.hasCount()) out.add(of(name + "_count", p.getLabels(), extra, null, null, p.getCount()));
                    if (p.hasSum()) out.add(of(name + "_sum", p.getLabels(), extra, null, null, p.getSum()));
                });
                case InfoSnapshot i -> i.getDataPoints().forEach(p ->
                        out.add(of(name + "_info", p.getLabels(), extra, null, null, 1)));
                case StateSetSnapshot s -> s.getDataPoints().forEach(p -> p.forEach(state ->
                        out.add(of(name, p.getLabels(), extra, name, state.getName(), state.isTrue() ? 1 : 0))));
                case UnknownSnapshot u -> u.getDataPoints().forEach(p ->
                        out.add(of(name, p.getLabels(), extra, null, null, p.getValue())));
                default -> { } // a snapshot kind this client library may add later: skipped, not guessed
            }
        }
        return out;
    }

    /** Classic buckets as Prometheus stores them: cumulative counts per upper bound, up to {@code +Inf}. */
    private static void histogram(List<Series> out, String name, HistogramSnapshot.HistogramDataPointSnapshot p,
                                  Map<String, String> extra) {
        Labels labels = p.getLabels();
        long cumulative = 0;
        if (p.hasClassicHistogramData()) {
            for (ClassicHistogramBucket bucket : p.getClassicBuckets()) {
                cumulative += bucket.getCount(); // the model holds per-bucket counts
                out.add(of(name + "_bucket", labels, extra, "le", format(bucket.getUpperBound()), cumulative, created(p)));
            }
        }
        out.add(of(name + "_count", labels, extra, null, null, p.hasCount() ? p.getCount() : cumulative, created(p)));
        if (p.hasSum()) out.add(of(name + "_sum", labels, extra, null, null, p.getSum(), created(p)));
    }

    private static long created(io.prometheus.metrics.model.snapshots.DataPointSnapshot p) {
        return p.hasCreatedTimestamp() && p.getCreatedTimestampMillis() > 0 ? p.getCreatedTimestampMillis() : -1;
    }

    /** Numbers in labels as the text format writes them, so pushed and scraped series are the same series. */
    static String format(double value) {
        if (value == Double.POSITIVE_INFINITY) return "+Inf";
        if (value == Double.NEGATIVE_INFINITY) return "-Inf";
        return Double.toString(value);
    }

    /** For log lines and tests. */
    String name() {
        for (Label l : labels) if (l.name().equals(NAME)) return l.value();
        return null;
    }
}
