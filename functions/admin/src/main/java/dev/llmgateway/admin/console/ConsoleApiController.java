package dev.llmgateway.admin.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.ledger.LedgerLine;
import dev.llmgateway.core.store.Stores;
import dev.llmgateway.core.tenant.Tenant;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The console's own JSON (behind a session, {@link ConsoleFilter}): the overview's live numbers and
 * costs, the providers' health, and the playground, which sends a chat request through the gateway
 * and streams its answer back as it comes. Tenants, keys, routes and the audit log are the
 * {@code /admin} API's, called by the pages themselves.
 */
@RestController
class ConsoleApiController {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TrafficSource traffic;
    private final Stores stores;
    private final Clock clock;
    private final String gatewayUrl;

    ConsoleApiController(TrafficSource traffic, Stores stores, Clock clock, ConsoleConfiguration.GatewayUrl gatewayUrl) {
        this.traffic = traffic;
        this.stores = stores;
        this.clock = clock;
        this.gatewayUrl = gatewayUrl.value();
    }

    @GetMapping("/console/api/overview")
    ResponseEntity<byte[]> overview() {
        ObjectNode out = Json.object().put("source", traffic.description()).put("cache_span", traffic.cacheSpan());
        out.set("traffic", Json.MAPPER.valueToTree(traffic.traffic()));
        out.set("cost", costs());
        return json(out);
    }

    @GetMapping("/console/api/providers")
    ResponseEntity<byte[]> providers() {
        ObjectNode out = Json.object().put("source", traffic.description());
        out.set("data", Json.MAPPER.valueToTree(traffic.providers()));
        List<TrafficSource.BreakerOpenings> openings = traffic.breakerOpenings();
        if (openings != null) out.set("breaker_openings", Json.MAPPER.valueToTree(openings));
        return json(out);
    }

    /** Body {@code {"model","message","key"}}: the key is a gateway key, sent on and never kept. */
    @PostMapping(value = "/console/api/playground", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> playground(@RequestBody byte[] body) throws IOException, InterruptedException {
        if (gatewayUrl == null) throw GatewayError.notFound("The playground needs the gateway's URL (GATEWAY_URL).");
        JsonNode in = Json.tree(body);
        String model = in.path("model").asText("");
        String message = in.path("message").asText("");
        if (model.isBlank()) throw GatewayError.invalidRequest("Choose a model.", "model", "invalid_value");
        if (message.isBlank()) throw GatewayError.invalidRequest("Write a message.", "message", "invalid_value");
        ObjectNode chat = Json.object().put("model", model).put("stream", true);
        chat.putArray("messages").addObject().put("role", "user").put("content", message);
        String key = in.path("key").asText("");
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/chat/completions")).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + (key.isBlank() ? "console-playground" : key))
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(chat))).build();
        HttpResponse<InputStream> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        String type = answer.headers().firstValue("Content-Type").orElse("application/json");
        StreamingResponseBody stream = out -> copy(answer.body(), out);
        return ResponseEntity.status(answer.statusCode()).contentType(MediaType.parseMediaType(type)).body(stream);
    }

    /** Each piece as it arrives: the page shows the answer growing. */
    private static void copy(InputStream in, OutputStream out) throws IOException {
        try (in) {
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        }
    }

    /** Cost today and this month (UTC) per provider and model, from the usage ledger of every tenant. */
    private ObjectNode costs() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        LocalDate first = today.withDayOfMonth(1);
        Set<String> tenants = new LinkedHashSet<>();
        tenants.add(Tenant.DEFAULT_ID);
        for (Tenant t : stores.tenants().tenants()) tenants.add(t.id());
        Map<String, long[]> rows = new TreeMap<>(); // provider/model -> {today micros, month micros, today requests, month requests}
        for (String tenant : tenants) {
            for (LedgerLine line : stores.ledger().lines(tenant, first, today)) {
                long[] r = rows.computeIfAbsent(line.provider() + "\u0000" + line.model(), k -> new long[4]);
                r[1] += line.counts().usdMicros();
                r[3] += line.counts().requests();
                if (line.day().equals(today)) {
                    r[0] += line.counts().usdMicros();
                    r[2] += line.counts().requests();
                }
            }
        }
        ObjectNode out = Json.object().put("day", today.toString()).put("month", first.toString().substring(0, 7));
        ArrayNode data = out.putArray("data");
        long dayTotal = 0;
        long monthTotal = 0;
        for (var e : rows.entrySet()) {
            String[] pm = e.getKey().split("\u0000", 2);
            long[] r = e.getValue();
            dayTotal += r[0];
            monthTotal += r[1];
            data.addObject().put("provider", pm[0]).put("model", pm[1]).put("today_usd", r[0] / 1e6).put("month_usd", r[1] / 1e6)
                    .put("today_requests", r[2]).put("month_requests", r[3]);
        }
        out.put("today_usd", dayTotal / 1e6).put("month_usd", monthTotal / 1e6);
        return out;
    }

    private static ResponseEntity<byte[]> json(ObjectNode node) {
        return ResponseEntity.status(HttpStatus.OK).contentType(MediaType.APPLICATION_JSON).body(Json.bytes(node));
    }
}
