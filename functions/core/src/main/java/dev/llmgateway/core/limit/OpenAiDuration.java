package dev.llmgateway.core.limit;

import java.time.Duration;

/**
 * Durations as OpenAI writes them in {@code x-ratelimit-reset-*}: Go's duration notation at
 * millisecond precision ({@code 20ms}, {@code 1s}, {@code 1.5s}, {@code 6m0s}, {@code 1h0m0s}).
 * Written here because no Java library formats Go durations; it is a dozen lines.
 */
public final class OpenAiDuration {
    private OpenAiDuration() {}

    public static String format(Duration duration) {
        long ms = Math.max(0, duration.toMillis());
        if (ms == 0) return "0s";
        if (ms < 1000) return ms + "ms";
        long hours = ms / 3_600_000;
        long minutes = ms / 60_000 % 60;
        long millis = ms % 60_000;
        String seconds = millis % 1000 == 0 ? Long.toString(millis / 1000)
                : (millis / 1000) + "." + String.format("%03d", millis % 1000).replaceAll("0+$", "");
        if (hours > 0) return hours + "h" + minutes + "m" + seconds + "s";
        if (minutes > 0) return minutes + "m" + seconds + "s";
        return seconds + "s";
    }
}
