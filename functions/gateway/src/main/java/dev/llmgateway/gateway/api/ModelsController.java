package dev.llmgateway.gateway.api;

import dev.llmgateway.core.providers.ModelResolver;
import dev.llmgateway.core.routing.RouteCache;
import dev.llmgateway.core.routing.Router;
import dev.llmgateway.core.spi.Provider;
import dev.llmgateway.core.tenant.Authenticator;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models}: what the gateway can serve now, in OpenAI's list shape: the configured
 * routes that have an enabled target (owned by {@code gateway}), then each enabled provider's models.
 */
@RestController
class ModelsController {
    record Model(String id, String object, long created, String ownedBy) {}

    record ModelList(String object, List<Model> data) {}

    private final ModelResolver models;
    private final RouteCache routes;
    private final Router router;
    private final Authenticator auth;

    ModelsController(ModelResolver models, RouteCache routes, Router router, Authenticator auth) {
        this.models = models;
        this.routes = routes;
        this.router = router;
        this.auth = auth;
    }

    /** Needs a gateway key when keys are required: the list names routes and providers. */
    @GetMapping("/v1/models")
    ModelList list(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        auth.authenticate(authorization);
        List<Model> data = new ArrayList<>();
        for (String route : new TreeSet<>(routes.models())) {
            // A route whose targets are all on disabled providers would only answer 404: not listed.
            if (router.servable(route)) data.add(new Model(route, "model", 0, "gateway"));
        }
        for (Provider provider : models.providers()) {
            for (String id : provider.models()) data.add(new Model(id, "model", 0, provider.name()));
        }
        return new ModelList("list", data);
    }

    /**
     * {@code GET /v1/models/{id}} (the SDKs' {@code models.retrieve}): a route, or any name the
     * gateway would serve ({@code provider/model}, or a bare name of an enabled provider);
     * anything else is 404 {@code model_not_found}. The id may contain slashes.
     */
    @GetMapping("/v1/models/{*id}")
    Model retrieve(@PathVariable("id") String path,
                   @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        auth.authenticate(authorization);
        String id = path.startsWith("/") ? path.substring(1) : path;
        if (routes.models().contains(id)) return new Model(id, "model", 0, "gateway");
        return new Model(id, "model", 0, models.resolve(id).provider().name());
    }
}
