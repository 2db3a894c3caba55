package dev.llmgateway.core.guardrail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The built-in detectors by name, and the groups a policy can name instead ({@code pii}, {@code secrets}, {@code all}). */
public final class BuiltIn {
    private static final Map<String, Detector> DETECTORS = new LinkedHashMap<>();
    public static final Set<String> PII = Set.of("email", "phone", "credit_card", "iban", "us_ssn", "aadhaar", "pan", "ipv4", "ipv6");
    public static final Set<String> SECRETS = Set.of("aws_access_key", "aws_secret_key", "private_key", "jwt", "openai_key",
            "anthropic_key", "google_api_key", "github_token");
    public static final Map<String, Set<String>> GROUPS;

    static {
        // Order matters only for ties (same start, same length): the more specific first.
        for (Detector d : List.<Detector>of(new Secrets.PrivateKey(), new Secrets.Jwt(), Secrets.anthropic(), Secrets.openAi(),
                Secrets.google(), Secrets.github(), Secrets.awsAccessKey(), new Secrets.AwsSecretKey(),
                new NumberDetectors.Card(), new Identifiers.Iban(), new NumberDetectors.Ssn(), new NumberDetectors.Aadhaar(),
                new Identifiers.Pan(), new Network.Email(), new Network.Ipv4(), new Network.Ipv6(), new Phone())) {
            DETECTORS.put(d.name(), d);
        }
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        groups.put("pii", PII);
        groups.put("secrets", SECRETS);
        groups.put("all", DETECTORS.keySet());
        GROUPS = Map.copyOf(groups);
    }

    private BuiltIn() {}

    /** Every built-in detector, in a fixed order. */
    public static List<Detector> all() {
        return List.copyOf(DETECTORS.values());
    }

    public static Detector get(String name) {
        return DETECTORS.get(name);
    }

    public static Set<String> names() {
        return DETECTORS.keySet();
    }
}
