package dev.llmgateway.core.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.json.Json;
import java.util.List;

/**
 * What a verification found: how much it read and every finding. {@code expired} counts records
 * missing because their retention had passed, which is not a finding.
 */
public record Verification(int chains, long records, long checkpoints, long expired, List<Finding> findings) {
    public Verification {
        findings = List.copyOf(findings);
    }

    public boolean ok() {
        return findings.isEmpty();
    }

    public ObjectNode toTree() {
        ObjectNode out = Json.object().put("object", "audit.verification").put("ok", ok()).put("chains", chains)
                .put("records", records).put("checkpoints", checkpoints).put("expired", expired);
        ArrayNode list = out.putArray("findings");
        for (Finding f : findings) {
            list.addObject().put("type", f.type().name().toLowerCase(java.util.Locale.ROOT)).put("chain", f.chain())
                    .put("seq", f.seq()).put("message", f.message());
        }
        return out;
    }
}
