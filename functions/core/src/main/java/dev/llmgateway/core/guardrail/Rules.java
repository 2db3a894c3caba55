package dev.llmgateway.core.guardrail;

import dev.llmgateway.core.tenant.ModelPattern;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policies that apply to one request, combined (docs/guardrails.md, "Combining"): for each
 * detector the tightest action of any policy wins (log < restore < redact < block); a model must
 * pass every allow-list; the smallest input-token maximum applies; the prompt-injection heuristic
 * takes the tightest action given. Outbound, only policies with {@code outbound} true take part.
 * Each rule remembers the policy it came from, to name it when a request is blocked.
 */
public final class Rules {
    /** What happens to a detector's findings, and the policy that decided it. */
    public record Rule(Detector detector, Action action, String policy) {}

    /** A limit and the policy that set it. */
    public record Limit<T>(T value, String policy) {}

    public static final Rules NONE = new Rules(List.of());

    private final List<String> policies;
    private final Map<Detector, Rule> inbound = new LinkedHashMap<>();
    private final Map<Detector, Rule> outbound = new LinkedHashMap<>();
    private final List<Limit<List<ModelPattern>>> allowLists = new ArrayList<>();
    private Limit<Long> maxInputTokens;
    private final Scanner inboundScanner;
    private final Scanner outboundScanner;

    public Rules(List<Policy> applicable) {
        List<Policy> sorted = new ArrayList<>(applicable);
        sorted.sort(Comparator.comparing(Policy::id)); // a stable order, so ties name the same policy every time
        this.policies = sorted.stream().map(Policy::id).toList();
        PromptInjection injection = new PromptInjection();
        for (Policy p : sorted) {
            for (Map.Entry<String, Action> e : p.detectors().entrySet()) add(p, BuiltIn.get(e.getKey()), e.getValue());
            for (Policy.CustomRule r : p.custom()) add(p, r.detector(), r.action());
            if (p.promptInjection() != null) {
                Rule before = inbound.get(injection);
                if (before == null || Action.tighter(before.action(), p.promptInjection()) != before.action()) {
                    inbound.put(injection, new Rule(injection, p.promptInjection(), p.id()));
                }
            }
            if (!p.allowedModels().isEmpty()) allowLists.add(new Limit<>(p.allowedModels(), p.id()));
            if (p.maxInputTokens() != null && (maxInputTokens == null || p.maxInputTokens() < maxInputTokens.value())) {
                maxInputTokens = new Limit<>(p.maxInputTokens(), p.id());
            }
        }
        this.inboundScanner = new Scanner(inbound.keySet().stream().toList());
        this.outboundScanner = new Scanner(outbound.keySet().stream().toList());
    }

    private void add(Policy p, Detector d, Action action) {
        put(inbound, p, d, action);
        if (p.outbound()) put(outbound, p, d, action);
    }

    private static void put(Map<Detector, Rule> rules, Policy p, Detector d, Action action) {
        Rule before = rules.get(d);
        if (before == null || Action.tighter(before.action(), action) != before.action()) rules.put(d, new Rule(d, action, p.id()));
    }

    /** The ids of the combined policies, sorted. */
    public List<String> policies() {
        return policies;
    }

    public boolean empty() {
        return policies.isEmpty();
    }

    public Rule inbound(Detector d) {
        return inbound.get(d);
    }

    public Rule outbound(Detector d) {
        return outbound.get(d);
    }

    public Scanner inboundScanner() {
        return inboundScanner;
    }

    public Scanner outboundScanner() {
        return outboundScanner;
    }

    public boolean scansOutbound() {
        return !outbound.isEmpty();
    }

    public List<Limit<List<ModelPattern>>> allowLists() {
        return allowLists;
    }

    public Limit<Long> maxInputTokens() {
        return maxInputTokens;
    }
}
