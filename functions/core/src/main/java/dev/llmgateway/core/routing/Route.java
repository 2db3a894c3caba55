package dev.llmgateway.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A public model name (an alias such as {@code chat-default}, or a real name such as {@code gpt-4o})
 * mapped to targets and a strategy. The same JSON shape is used by the routes file, the admin API
 * and the DynamoDB item's {@code spec} attribute:
 * <pre>{"model":"chat-default","strategy":"weighted","cost_tolerance":0.1,
 *  "targets":[{"provider":"openai","model":"gpt-4o-mini","weight":3,
 *              "price":{"input":0.15,"output":0.6,"cached_input":0.075}}]}</pre>
 */
public record Route(String model, Strategy strategy, double costTolerance, List<RouteTarget> targets) {
    public static final int MAX_TARGETS = 10;
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}");
    private static final Set<String> FIELDS = Set.of("model", "strategy", "cost_tolerance", "targets");
    private static final Set<String> TARGET_FIELDS = Set.of("provider", "model", "weight", "price");
    private static final Set<String> PRICE_FIELDS = Set.of("input", "output", "cached_input");

    public Route {
        targets = List.copyOf(targets);
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
        unknown(node, FIELDS, "");
        String model = text(node, "model", "model", modelFromPath == null);
        if (model == null) model = modelFromPath;
        if (modelFromPath != null && !modelFromPath.equals(model)) {
            throw bad("The body's 'model' (" + model + ") differs from the route in the URL (" + modelFromPath + ").", "model");
        }
        if (!MODEL_NAME.matcher(model).matches()) {
            throw bad("Invalid 'model': use letters, digits and . _ : / @ + - (at most 200 characters).", "model");
        }
        String strategyName = text(node, "strategy", "strategy", false);
        Strategy strategy = strategyName == null ? Strategy.MODEL_PREFIX : Strategy.of(strategyName);
        if (strategy == null) throw bad("Invalid 'strategy': '" + strategyName + "'; use one of " + Strategy.names() + ".", "strategy");
        double tolerance = 0.1;
        JsonNode tol = node.get("cost_tolerance");
        if (tol != null && !tol.isNull()) {
            if (!tol.isNumber() || tol.asDouble() < 0 || tol.asDouble() > 10) {
                throw bad("Invalid 'cost_tolerance': a number from 0 to 10 (0.1 = within 10% of the cheapest).", "cost_tolerance");
            }
            tolerance = tol.asDouble();
        }
        JsonNode list = node.get("targets");
        List<RouteTarget> targets = new ArrayList<>();
        if (list != null && !list.isNull()) {
            if (!list.isArray()) throw bad("Invalid 'targets': must be an array.", "targets");
            if (list.size() > MAX_TARGETS) throw bad("Too many 'targets': at most " + MAX_TARGETS + ".", "targets");
            for (int i = 0; i < list.size(); i++) targets.add(target(list.get(i), "targets[" + i + "]"));
        }
        if (targets.isEmpty() && strategy != Strategy.MODEL_PREFIX) {
            throw bad("Missing 'targets': strategy '" + strategy.wireName() + "' needs at least one target.", "targets");
        }
        if (strategy == Strategy.WEIGHTED && targets.stream().allMatch(t -> t.weight() == 0)) {
            throw bad("Invalid 'targets': the weighted strategy needs at least one target with a weight above 0.", "targets");
        }
        return new Route(model, strategy, tolerance, targets);
    }

    private static RouteTarget target(JsonNode node, String path) {
        if (node == null || !node.isObject()) throw bad("Invalid '" + path + "': must be an object.", path);
        unknown(node, TARGET_FIELDS, path + ".");
        String provider = text(node, "provider", path + ".provider", true);
        // Only the form is checked here: providers declared by configuration are known where the
        // gateway starts, not to a stored route; a target whose provider is absent is never served.
        if (!ProviderRow.validName(provider)) {
            throw bad("Invalid '" + path + ".provider': '" + provider + "' is not a provider name (catalogue providers: "
                    + String.join(", ", Catalogue.names()) + ").", path + ".provider");
        }
        String model = text(node, "model", path + ".model", true);
        int weight = 1;
        JsonNode w = node.get("weight");
        if (w != null && !w.isNull()) {
            if (!w.canConvertToInt() || !w.isIntegralNumber() || w.asInt() < 0 || w.asInt() > 1000) {
                throw bad("Invalid '" + path + ".weight': a whole number from 0 to 1000.", path + ".weight");
            }
            weight = w.asInt();
        }
        Price price = null;
        JsonNode p = node.get("price");
        if (p != null && !p.isNull()) {
            if (!p.isObject()) throw bad("Invalid '" + path + ".price': must be an object.", path + ".price");
            unknown(p, PRICE_FIELDS, path + ".price.");
            price = new Price(usd(p, "input", path, true), usd(p, "output", path, true), usd(p, "cached_input", path, false));
        }
        return new RouteTarget(provider, model, weight, price);
    }

    private static BigDecimal usd(JsonNode price, String field, String path, boolean required) {
        JsonNode v = price.get(field);
        String param = path + ".price." + field;
        if (v == null || v.isNull()) {
            if (required) throw bad("Missing '" + param + "' (USD per 1M tokens).", param);
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0) throw bad("Invalid '" + param + "': a number of USD per 1M tokens, 0 or more.", param);
        return v.decimalValue();
    }

    private static String text(JsonNode node, String field, String param, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) throw bad("Missing '" + param + "'.", param);
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) throw bad("Invalid '" + param + "': must be a non-empty string.", param);
        return v.asText().trim();
    }

    private static void unknown(JsonNode node, Set<String> known, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw bad("Unknown field '" + prefix + name + "'; expected " + String.join(", ", known.stream().sorted().toList()) + ".",
                        prefix + name);
            }
        }
    }

    private static GatewayError bad(String message, String param) {
        return GatewayError.invalidRequest(message, param, "invalid_route");
    }

    /** The JSON tree of this route, as the admin API returns it. */
    public ObjectNode toTree() {
        return Json.MAPPER.valueToTree(this);
    }
}
