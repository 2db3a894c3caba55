package dev.llmgateway.core.limit;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code x-ratelimit-*} headers under OpenAI's names: for requests and for tokens, the limit,
 * what remains of it in the current minute, and when that minute resets. When several scopes limit
 * a dimension, the one with the least remaining is shown (it is the one that will refuse first).
 */
public record RateLimitHeaders(Window requests, Window tokens) {
    public static final RateLimitHeaders NONE = new RateLimitHeaders(null, null);

    /** One dimension's limit, remaining amount and time to reset. */
    public record Window(long limit, long remaining, Duration reset) {
        Window tighter(Window other) {
            if (other == null) return this;
            return remaining < other.remaining || (remaining == other.remaining && limit < other.limit) ? this : other;
        }
    }

    /** Adds the windows of one scope's counters. */
    RateLimitHeaders with(Limits limits, Counters counters, Duration reset) {
        Window r = limits.requestsPerMinute() == null ? requests
                : new Window(limits.requestsPerMinute(), Math.max(0, limits.requestsPerMinute() - counters.requests()), reset).tighter(requests);
        Window t = limits.tokensPerMinute() == null ? tokens
                : new Window(limits.tokensPerMinute(), Math.max(0, limits.tokensPerMinute() - counters.tokens()), reset).tighter(tokens);
        return new RateLimitHeaders(r, t);
    }

    public Map<String, String> asMap() {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "requests", requests);
        put(out, "tokens", tokens);
        return out;
    }

    private static void put(Map<String, String> out, String dimension, Window w) {
        if (w == null) return;
        out.put("x-ratelimit-limit-" + dimension, Long.toString(w.limit()));
        out.put("x-ratelimit-remaining-" + dimension, Long.toString(w.remaining()));
        out.put("x-ratelimit-reset-" + dimension, OpenAiDuration.format(w.reset()));
    }
}
