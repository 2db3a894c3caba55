package dev.llmgateway.core.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.routing.HealthView;
import dev.llmgateway.core.routing.PriceTable;
import dev.llmgateway.core.routing.Route;
import dev.llmgateway.core.routing.RoutePreview;
import dev.llmgateway.core.routing.RouteStore;

/**
 * {@code GET /admin/routes/{model}/preview}: where the next requests for a route would go
 * ({@link RoutePreview}), given the health this process can see. Framework-free like {@link AdminApi}.
 *
 * @param liveHealth whether {@code health} is a gateway's own (locally) or an assumption (deployed)
 * @param healthSource one line for the page: where the health comes from
 */
public record RoutePreviews(RouteStore routes, HealthView health, PriceTable prices, boolean liveHealth, String healthSource) {
    public static final String SUFFIX = "/preview";
    static final int DEFAULT_REQUESTS = 20;

    /**
     * Whether a route path names a preview: it ends in {@code /preview} and no route has that very
     * name (route names may contain slashes; a route called {@code x/preview} keeps its own path).
     */
    public boolean isPreview(String path) {
        return path.endsWith(SUFFIX) && path.length() > SUFFIX.length() && routes.get(path).isEmpty();
    }

    /** The preview of route {@code path} (ending in {@code /preview}) for {@code requests} requests (default 20). */
    public ObjectNode preview(String path, String requests) {
        String model = path.substring(0, path.length() - SUFFIX.length());
        int n = requests(requests);
        Route route = routes.get(model).orElseThrow(() -> AdminApi.notFound("route", model));
        ObjectNode out = RoutePreview.of(route, health, prices, n).toTree();
        out.putObject("health").put("live", liveHealth).put("source", healthSource);
        return out;
    }

    private static int requests(String value) {
        if (value == null) return DEFAULT_REQUESTS;
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= RoutePreview.MAX_REQUESTS) return n;
        } catch (NumberFormatException e) {
            // answered below
        }
        throw GatewayError.invalidRequest("Invalid 'requests': a whole number from 1 to " + RoutePreview.MAX_REQUESTS + ".", "requests");
    }
}
