package dev.llmgateway.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;

/** A Grafana panel's query as Grafana sends it: read from the dashboard file, its variables filled in. */
final class DashboardQuery {
    private DashboardQuery() {}

    /** The "Cold starts" panel's expression over {@code range} for providers matching {@code provider}. */
    static String coldStarts(String range, String provider) throws IOException {
        JsonNode dashboard = Json.tree(Files.readString(Repo.file("infra/grafana/gateway-dashboard.json")));
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.path("title").asText().equals("Cold starts")) {
                return panel.at("/targets/0/expr").asText().replace("$__range", range).replace("$provider", provider);
            }
        }
        throw new AssertionError("no Cold starts panel");
    }
}
