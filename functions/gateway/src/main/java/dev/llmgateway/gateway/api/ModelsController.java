package dev.llmgateway.gateway.api;

import dev.llmgateway.core.provider.ModelResolver;
import dev.llmgateway.core.provider.Provider;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models}: what the enabled providers can serve now, in OpenAI's list shape. */
@RestController
class ModelsController {
    record Model(String id, String object, long created, String ownedBy) {}

    record ModelList(String object, List<Model> data) {}

    private final ModelResolver models;

    ModelsController(ModelResolver models) {
        this.models = models;
    }

    @GetMapping("/v1/models")
    ModelList list() {
        List<Model> data = new ArrayList<>();
        for (Provider provider : models.providers()) {
            for (String id : provider.models()) data.add(new Model(id, "model", 0, provider.name()));
        }
        return new ModelList("list", data);
    }
}
