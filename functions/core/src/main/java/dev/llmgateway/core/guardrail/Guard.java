package dev.llmgateway.core.guardrail;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.budget.OpenAiTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The guardrails of one request: scans the client's text on its way in and the answer on its way
 * out under the request's {@link Rules}, and keeps what must be consistent within the request:
 * the same value gets the same typed, numbered placeholder ({@code <EMAIL_1>}), and the values of
 * {@code restore} rules are kept (in memory, for this request only) to be put back into the
 * answer. Findings are recorded by detector, action, direction and location, never by value.
 * One request, one thread at a time.
 */
public final class Guard {
    public static final String VIOLATION = "content_policy_violation";

    /** One finding as it may be counted and audited: no value in it; {@code policy} is the one whose rule decided the action. */
    public record Hit(String detector, Action action, Direction direction, String location, String policy) {}

    private final Rules rules;
    private final Map<String, String> placeholders = new HashMap<>();
    private final Map<String, String> originals = new HashMap<>();
    private final Map<String, Integer> numbers = new HashMap<>();
    private final List<Hit> hits = new ArrayList<>();
    private int redactions;
    private String blockedBy;
    private long inputTokens;

    public Guard(Rules rules) {
        this.rules = rules;
    }

    public static Guard none() {
        return new Guard(Rules.NONE);
    }

    public Rules rules() {
        return rules;
    }

    public boolean active() {
        return !rules.empty();
    }

    /** Checks the model against every allow-list of the applicable policies (403 naming the policy). */
    public void model(String model) {
        for (Rules.Limit<List<dev.llmgateway.core.tenant.ModelPattern>> list : rules.allowLists()) {
            if (model == null || list.value().stream().noneMatch(p -> p.matches(model))) {
                blockedBy = list.policy();
                throw GatewayError.forbidden("Guardrail policy '" + list.policy() + "' does not allow model '" + model + "'.", "model",
                        "model_not_allowed");
            }
        }
    }

    /** The client's text at {@code location}, with values redacted; throws the 400 when a {@code block} rule finds one. */
    public String inbound(String location, String text) {
        if (text == null || text.isEmpty() || rules.empty()) return text;
        if (rules.maxInputTokens() != null) inputTokens += OpenAiTokenizer.count(text);
        List<Finding> found = rules.inboundScanner().scan(text);
        if (found.isEmpty()) return text;
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Finding f : found) {
            Rules.Rule rule = rules.inbound(f.detector());
            hits.add(new Hit(f.detector().name(), rule.action(), Direction.INBOUND, location, rule.policy()));
            switch (rule.action()) {
                case BLOCK -> {
                    blockedBy = rule.policy();
                    throw GatewayError.invalidRequest("Blocked by guardrail policy '" + rule.policy() + "': " + f.detector().name()
                            + " found in " + location + ".", location, VIOLATION);
                }
                case LOG -> {
                }
                case REDACT, RESTORE -> {
                    out.append(text, at, f.start()).append(placeholder(f.detector().type(), text.substring(f.start(), f.end()),
                            rule.action() == Action.RESTORE));
                    at = f.end();
                    redactions++;
                }
            }
        }
        return out.append(text, at, text.length()).toString();
    }

    /** Ends the inbound scan: the input-token maximum of the applicable policies (400 naming the policy). */
    public void inboundDone() {
        Rules.Limit<Long> max = rules.maxInputTokens();
        if (max != null && inputTokens > max.value()) {
            blockedBy = max.policy();
            throw GatewayError.invalidRequest("Guardrail policy '" + max.policy() + "' allows at most " + max.value()
                    + " input tokens; this request has " + inputTokens + ".", "messages", "context_length_exceeded");
        }
    }

    /** A whole answer text (buffered): new values handled by the outbound rules, then this request's placeholders restored. */
    public String outbound(String location, String text) {
        if (text == null || text.isEmpty() || (!rules.scansOutbound() && originals.isEmpty())) return text;
        return outboundRange(text, rules.scansOutbound() ? rules.outboundScanner().scan(text) : List.of(), 0, text.length(), location);
    }

    /** A stream of answer text at {@code location}, released as early as the rules allow. */
    public TextStream stream(String location) {
        return new TextStream(this, location);
    }

    /** Whether outbound text needs looking at: outbound rules, or values to restore. */
    public boolean outboundActive() {
        return rules.scansOutbound() || !originals.isEmpty();
    }

    boolean restores() {
        return !originals.isEmpty();
    }

    /** {@code text[from, to)} with the findings inside it applied and placeholders restored. */
    String outboundRange(String text, List<Finding> found, int from, int to, String location) {
        StringBuilder out = new StringBuilder(to - from);
        int at = from;
        for (Finding f : found) {
            if (f.start() < from || f.end() > to) continue;
            Rules.Rule rule = rules.outbound(f.detector());
            // Outbound a block cannot refuse what the provider already answered: the value is withheld.
            Action action = rule.action() == Action.RESTORE ? Action.LOG : rule.action();
            hits.add(new Hit(f.detector().name(), action, Direction.OUTBOUND, location, rule.policy()));
            if (action == Action.LOG) continue;
            restore(text, at, f.start(), out);
            out.append(placeholder(f.detector().type(), text.substring(f.start(), f.end()), false));
            at = f.end();
            redactions++;
        }
        restore(text, at, to, out);
        return out.toString();
    }

    /** Appends {@code text[from, to)} with every placeholder of a restored value replaced by the value. */
    private void restore(String text, int from, int to, StringBuilder out) {
        if (originals.isEmpty()) {
            out.append(text, from, to);
            return;
        }
        int at = from;
        for (int lt = text.indexOf('<', from); lt >= 0 && lt < to; lt = text.indexOf('<', lt + 1)) {
            int gt = text.indexOf('>', lt);
            if (gt < 0 || gt >= to || gt - lt > Placeholders.MAX) continue;
            String value = originals.get(text.substring(lt, gt + 1));
            if (value == null) continue;
            out.append(text, at, lt).append(value);
            at = gt + 1;
            lt = gt;
        }
        out.append(text, at, to);
    }

    private String placeholder(String type, String value, boolean restore) {
        String key = type + '\u0000' + value;
        String p = placeholders.get(key);
        if (p == null) {
            int n = numbers.merge(type, 1, Integer::sum);
            p = "<" + type + "_" + n + ">";
            placeholders.put(key, p);
        }
        if (restore) originals.put(p, value);
        return p;
    }

    /** Every finding so far (inbound and outbound), without values. */
    public List<Hit> hits() {
        return Collections.unmodifiableList(hits);
    }

    /** How many values were replaced by placeholders so far. */
    public int redactions() {
        return redactions;
    }

    /** The policy that refused the request, or null. */
    public String blockedBy() {
        return blockedBy;
    }
}
