package dev.llmgateway.gateway.testing;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. Strings, label matchers, ranges and grouping
 * clauses are removed first; what remains are functions (followed by a parenthesis), keywords,
 * numbers and durations, and metric names. Grafana's {@code $variables} count as literals, and
 * {@code label_values(metric, label)} (a Grafana variable query) selects its first argument.
 */
public final class PromQlNames {
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "bool", "and", "or", "unless", "offset", "inf", "nan", "start", "end");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,[^)]*\\)\\s*$");
    private static final Pattern TOKEN = Pattern.compile(
            "(?<number>\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?(?:ms|s|m|h|d|w|y)?)|(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)");

    private PromQlNames() {}

    public static Set<String> of(String expression) {
        Matcher labelValues = LABEL_VALUES.matcher(expression);
        if (labelValues.matches()) return Set.of(labelValues.group(1));
        String e = expression
                .replaceAll("\\$\\{[^}]*}|\\$\\w+", "1")               // Grafana variables
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`", "\"\"") // strings
                .replaceAll("\\{[^}]*}", "")                            // label matchers
                .replaceAll("\\[[^]]*]", "")                            // ranges and subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = TOKEN.matcher(e);
        while (m.find()) {
            String name = m.group("name");
            if (name == null || KEYWORDS.contains(name.toLowerCase())) continue;
            int next = m.end();
            while (next < e.length() && Character.isWhitespace(e.charAt(next))) next++;
            if (next < e.length() && e.charAt(next) == '(') continue; // a function or aggregation
            names.add(name);
        }
        return names;
    }
}
