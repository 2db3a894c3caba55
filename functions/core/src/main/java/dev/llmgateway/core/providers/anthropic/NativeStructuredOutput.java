package dev.llmgateway.core.providers.anthropic;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which models take Anthropic's native structured output ({@code output_config.format}); the
 * others get {@code json_schema} through the forced-tool rewrite, which every model supports.
 * Set by {@code <PROVIDER>_NATIVE_STRUCTURED_OUTPUT} (for Anthropic, {@code ANTHROPIC_NATIVE_STRUCTURED_OUTPUT}): {@code auto} (the default), {@code all},
 * {@code none}, or comma-separated model-name prefixes.
 *
 * <p>{@code auto}: models named {@code claude-<family>-<major>[-<minor>]} from version 4.5 on. Anthropic
 * made structured outputs GA for Claude Haiku/Sonnet/Opus 4.5 and every later model; older names
 * (Claude 4.0/4.1, the {@code claude-3-*} scheme) and non-Claude models behind a compatible base URL
 * fall back to the rewrite, which works everywhere.
 */
record NativeStructuredOutput(Predicate<String> supports) {
    private static final Pattern VERSIONED = Pattern.compile("claude-[a-z]+-(\\d{1,3})(?:-(\\d{1,2}))?(?:-.*)?");

    static NativeStructuredOutput auto() {
        return new NativeStructuredOutput(NativeStructuredOutput::fromVersion);
    }

    /** From the setting's value: {@code auto} (also when null), {@code all}, {@code none}, or model-name prefixes. */
    static NativeStructuredOutput of(String value) {
        if (value == null) return auto();
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> auto();
            case "all" -> new NativeStructuredOutput(model -> true);
            case "none" -> new NativeStructuredOutput(model -> false);
            default -> {
                List<String> prefixes = Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                yield new NativeStructuredOutput(model -> prefixes.stream().anyMatch(model::startsWith));
            }
        };
    }

    boolean test(String model) {
        return supports.test(model);
    }

    static boolean fromVersion(String model) {
        Matcher m = VERSIONED.matcher(model);
        if (!m.matches()) return false;
        int major = Integer.parseInt(m.group(1));
        int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        return major > 4 || (major == 4 && minor >= 5);
    }
}
