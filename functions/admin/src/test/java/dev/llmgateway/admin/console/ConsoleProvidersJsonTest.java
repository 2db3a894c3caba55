package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmgateway.core.json.Json;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the Providers page reads: deployed, rows without breakers and the fleet's breaker openings; locally, no openings list. */
class ConsoleProvidersJsonTest {
    static TrafficSource source(List<TrafficSource.ProviderStatus> rows, List<TrafficSource.BreakerOpenings> openings) {
        return new TrafficSource() {
            @Override public Traffic traffic() { return TrafficSource.NONE.traffic(); }
            @Override public List<ProviderStatus> providers() { return rows; }
            @Override public List<BreakerOpenings> breakerOpenings() { return openings; }
            @Override public String description() { return "test source"; }
        };
    }

    static JsonNode providers(TrafficSource source) throws Exception {
        ConsoleApiController api = new ConsoleApiController(source, null, Clock.systemUTC(), new ConsoleConfiguration.GatewayUrl(null, false));
        return Json.tree(api.providers().getBody());
    }

    @Test
    void deployedRowsCarryTheFleetsFiguresAndTheOpeningsList() throws Exception {
        JsonNode json = providers(source(List.of(new TrafficSource.ProviderStatus("openai", null, CloudWatchTraffic.BREAKER, null, 300.0,
                1200.0, 0.02, 2L, null)), List.of(new TrafficSource.BreakerOpenings("openai/gpt-4o-mini", 3, 10))));
        JsonNode row = json.get("data").get(0);
        assertThat(row.has("model")).as("a provider's own row").isFalse();
        assertThat(row.get("breaker").asText()).isEqualTo("per environment");
        assertThat(row.get("average_millis").asDouble()).isEqualTo(300.0);
        assertThat(row.get("errors_last_minute").asLong()).isEqualTo(2);
        assertThat(json.get("breaker_openings").toString()).isEqualTo("[{\"target\":\"openai/gpt-4o-mini\",\"openings\":3,\"minutes\":10}]");
    }

    @Test
    void aSourceThatShowsTheBreakersHasNoOpeningsList() throws Exception {
        JsonNode json = providers(source(List.of(new TrafficSource.ProviderStatus("openai", "gpt-4o", "open", 80.0, 250.0, 0.5, "upstream_error")),
                null));
        assertThat(json.has("breaker_openings")).isFalse();
        assertThat(json.get("data").get(0).get("breaker").asText()).isEqualTo("open");
        assertThat(json.get("data").get(0).has("errors_last_minute")).isFalse();
    }
}
