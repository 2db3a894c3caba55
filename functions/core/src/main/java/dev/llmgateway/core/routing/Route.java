package dev.llmgateway.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.cache.CachePolicy;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.json.JsonFields;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A public model name (an alias such as {@code chat-default}, or a real name such as {@code gpt-4o})
 * mapped to targets and a strategy. The same JSON shape is used by the routes file, the admin API
 * and the DynamoDB item's {@code spec} attribute:
 * <pre>{"model":"chat-default","strategy":"weighted","cost_tolerance":0.1,
 *  "targets":[{"provider":"openai","model":"gpt-4o-mini","weight":3,
 *              "price":{"input":0.15,"output":0.6,"cached_input":0.075}}],
 *  "cache":{"enabled":true,"ttl_seconds":600}}</pre>
 * {@code cache} (optional) is the route's response-cache policy (docs/cache.md).
 */
public record Route(String model, Strategy strategy, double costTolerance, List<RouteTarget> targets, CachePolicy cache) {
    public static final int MAX_TARGETS = 10;
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
    private static final Set<String> FIELDS = Set.of("model", "strategy", "cost_tolerance", "targets", "cache");
    private static final Set<String> TARGET_FIELDS = Set.of("provider", "model", "weight", "price");
    private static final Set<String> PRICE_FIELDS = Set.of("input", "output", "cached_input", "cache_write_5m", "cache_write_1h", "audio_input");
    /** USD per 1M tokens; list prices are below 1,000. */
    private static final BigDecimal MAX_PRICE = BigDecimal.valueOf(1_000_000);
    private static final JsonFields BODY = new JsonFields("invalid_route");

    public Route {
        targets = List.copyOf(targets);
    }

    public Route(String model, Strategy strategy, double costTolerance, List<RouteTarget> targets) {
        this(model, strategy, costTolerance, targets, null);
    }

    public byte[] toJson() {
        return Json.bytes(this);
    }

    /** Validates and reads a route; errors are 400s naming the offending field. */
    public static Route parse(JsonNode node) {
        return parse(node, null);
    }

    /** As {@link #parse(JsonNode)}, with the model name taken from the URL when the body has none. */
    public static Route parse(JsonNode node, String modelFromPath) {
        if (node == null || !node.isObject()) throw bad("A route must be a JSON object.", null);
        BODY.onlyKnown(node, FIELDS, "");
        String model = BODY.text(node, "model", "model", modelFromPath == null, 200);
        if (model == null) model = modelFromPath;
        if (modelFromPath != null && !modelFromPath.equals(model)) {
            throw bad("The body's 'model' (" + model + ") differs from the route in the URL (" + modelFromPath + ").", "model");
        }
        if (!MODEL_NAME.matcher(model).matches()) {
            throw bad("Invalid 'model': use letters, digits and . _ : / @ + - (at most 200 characters).", "model");
        }
        String strategyName = BODY.text(node, "strategy", "strategy", false, 64);
        Strategy strategy = strategyName == null ? Strategy.MODEL_PREFIX : Strategy.of(strategyName);
        if (strategy == null) throw bad("Invalid 'strategy': '" + strategyName + "'; use one of " + Strategy.names() + ".", "strategy");
        BigDecimal tol = BODY.decimal(node, "cost_tolerance", "cost_tolerance", BigDecimal.ZERO, BigDecimal.TEN,
                "how far above the cheapest still counts as cheap (0.1 = 10%)");
        double tolerance = tol == null ? 0.1 : tol.doubleValue();
        JsonNode list = node.get("targets");
        List<RouteTarget> targets = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) throw bad("Invalid 'targets': must be an array.", "targets");
            if (list.size() > MAX_TARGETS) throw bad("Too many 'targets': at most " + MAX_TARGETS + ".", "targets");
            for (int i = 0; i < list.size(); i++) targets.add(target(list.get(i), "targets[" + i + "]"));
        }
        if (targets.isEmpty()) {
            // A route without targets would be stored and listed, and then answer every request with 404.
            throw bad("Missing 'targets': a route needs at least one target.", "targets");
        }
        if (strategy == Strategy.WEIGHTED && targets.stream().allMatch(t -> t.weight() == 0)) {
            throw bad("Invalid 'targets': the weighted strategy needs at least one target with a weight above 0.", "targets");
        }
        return new Route(model, strategy, tolerance, targets, CachePolicy.parse(node.get("cache"), "cache."));
    }

    private static RouteTarget target(JsonNode node, String path) {
        if (node == null || !node.isObject()) throw bad("Invalid '" + path + "': must be an object.", path);
        BODY.onlyKnown(node, TARGET_FIELDS, path + ".");
        String provider = BODY.text(node, "provider", path + ".provider", true, 64);
        // Only the form is checked here: providers declared by configuration are known where the
        // gateway starts, not to a stored route; a target whose provider is absent is never served.
        if (!ProviderRow.validName(provider)) {
            throw bad("Invalid '" + path + ".provider': '" + provider + "' is not a provider name (catalogue providers: "
                    + String.join(", ", Catalogue.names()) + ").", path + ".provider");
        }
        String model = BODY.text(node, "model", path + ".model", true, 200);
        Long w = BODY.wholeNumber(node, "weight", path + ".weight", 0, 1000, "the target's share");
        int weight = w == null ? 1 : w.intValue();
        Price price = null;
        JsonNode p = node.get("price");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) throw bad("Invalid '" + path + ".price': must be an object.", path + ".price");
            BODY.onlyKnown(p, PRICE_FIELDS, path + ".price.");
            price = new Price(usd(p, "input", path, true), usd(p, "output", path, true), usd(p, "cached_input", path, false));
        }
        return new RouteTarget(provider, model, weight, price);
    }

    private static BigDecimal usd(JsonNode price, String field, String path, boolean required) {
        String param = path + ".price." + field;
        BigDecimal value = BODY.decimal(price, field, param, BigDecimal.ZERO, MAX_PRICE, "USD per 1M tokens");
        if (value == null && required) throw bad("Missing '" + param + "' (USD per 1M tokens).", param);
        return value;
    }

    private static GatewayError bad(String message, String param) {
        return BODY.bad(message, param);
    }

    /** The JSON tree of this route, as the admin API returns it. */
    public ObjectNode toTree() {
        return Json.MAPPER.valueToTree(this);
    }
}
