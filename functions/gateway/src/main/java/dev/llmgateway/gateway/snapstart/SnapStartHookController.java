package dev.llmgateway.gateway.snapstart;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.config.Env;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The Lambda Web Adapter's SnapStart hooks (adapter 1.1.0 and later): it POSTs to
 * {@code AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH} before the snapshot and to
 * {@code AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH} after a restore, and answers 403 to outside requests
 * for those paths. A route answers only when its variable names it, so a server run without the
 * adapter exposes neither.
 */
@RestController
class SnapStartHookController {
    static final String BEFORE_CHECKPOINT = "/internal/snapstart/before-checkpoint";
    static final String AFTER_RESTORE = "/internal/snapstart/after-restore";

    private final SnapStartLifecycle lifecycle;
    private final Env env;

    SnapStartHookController(SnapStartLifecycle lifecycle, Env env) {
        this.lifecycle = lifecycle;
        this.env = env;
    }

    @PostMapping(BEFORE_CHECKPOINT)
    ResponseEntity<Void> beforeCheckpoint() {
        requireConfigured("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", BEFORE_CHECKPOINT);
        lifecycle.prime("adapter before-checkpoint hook");
        return ResponseEntity.noContent().build();
    }

    @PostMapping(AFTER_RESTORE)
    ResponseEntity<Void> afterRestore() {
        requireConfigured("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", AFTER_RESTORE);
        lifecycle.restored();
        return ResponseEntity.noContent().build();
    }

    private void requireConfigured(String variable, String path) {
        if (!path.equals(env.get(variable))) throw GatewayError.notFound("Unknown request URL: " + path + ".");
    }
}
