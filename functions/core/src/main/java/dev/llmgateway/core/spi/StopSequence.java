package dev.llmgateway.core.spi;

import java.util.List;

/**
 * That an answer ended at one of the client's stop sequences, which OpenAI's {@code finish_reason}
 * cannot say ({@code stop} covers both a natural end and a stop sequence). Translators that learn it
 * from their upstream carry it beside the chat answer, so the Messages API can report
 * {@code stop_reason: "stop_sequence"}. {@code matched} is the sequence, or null when the upstream
 * said a stop sequence ended the answer but not which.
 */
public record StopSequence(String matched) {
    /**
     * The upstream's report that a stop sequence ended the answer, {@code named} being the one it
     * names (null if none): trusted when it is one the client asked for; when it names none, the
     * only one asked for is the one that matched.
     */
    public static StopSequence reported(String named, List<String> requested) {
        if (named != null && requested.contains(named)) return new StopSequence(named);
        return new StopSequence(requested.size() == 1 ? requested.getFirst() : null);
    }
}
