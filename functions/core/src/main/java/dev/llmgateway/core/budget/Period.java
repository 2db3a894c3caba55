package dev.llmgateway.core.budget;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A budget period in UTC. Each period of each tenant is its own counter item, keyed by the
 * period's start ({@code d#2025-11-25}, {@code m#2025-11}), so a new period starts from zero
 * without any reset job; old items are removed by the table's TTL after {@code retention}.
 */
public enum Period {
    DAY("d", Duration.ofDays(35)),
    MONTH("m", Duration.ofDays(400));

    private static final DateTimeFormatter MONTH_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM");
    private final String tag;
    private final Duration retention;

    Period(String tag, Duration retention) {
        this.tag = tag;
        this.retention = retention;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The counter key of this period for a tenant at {@code now}. */
    public String key(String tenant, Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        return tenant + "#" + tag + "#" + (this == DAY ? day.toString() : day.format(MONTH_FORMAT));
    }

    /** When the period containing {@code now} ends. */
    public Instant end(Instant now) {
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate next = this == DAY ? day.plusDays(1) : day.withDayOfMonth(1).plusMonths(1);
        return next.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Epoch seconds after which the period's item may be deleted. */
    public long expiresAt(Instant now) {
        return end(now).plus(retention).getEpochSecond();
    }
}
