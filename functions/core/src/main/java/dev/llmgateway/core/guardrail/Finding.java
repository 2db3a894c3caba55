package dev.llmgateway.core.guardrail;

/** One value a detector found: {@code text.substring(start, end)}. The value itself is never kept here. */
public record Finding(Detector detector, int start, int end) {
    public int length() {
        return end - start;
    }
}
