package dev.llmgateway.core.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Routes given as a file for local use ({@code ROUTES_FILE}): JSON or YAML ({@code .yaml}/{@code .yml}),
 * either a list of routes or an object with a {@code routes} list, each in the shape of {@link Route}.
 */
public final class RoutesFile {
    private RoutesFile() {}

    public static List<Route> read(Path file) {
        JsonNode root;
        try {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory()) : Json.MAPPER;
            root = mapper.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read routes file " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = root != null && root.isObject() ? root.get("routes") : root;
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("routes file " + file + " must hold a list of routes or {\"routes\": [...]}");
        }
        List<Route> routes = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                routes.add(Route.parse(list.get(i)));
            } catch (GatewayError e) {
                throw new IllegalArgumentException("routes file " + file + ", route " + i + ": " + e.getMessage(), e);
            }
        }
        return routes;
    }
}
