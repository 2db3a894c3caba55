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
    private final SnapStartLifecycle lifecycle;
    private final Env env;

    SnapStartHookController(SnapStartLifecycle lifecycle, Env env) {
        this.lifecycle = lifecycle;
        this.env = env;
    }

    @PostMapping(SnapStartLifecycle.BEFORE_CHECKPOINT_PATH)
    ResponseEntity<Void> beforeCheckpoint() {
        requireConfigured(env.get("AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH"), SnapStartLifecycle.BEFORE_CHECKPOINT_PATH);
        lifecycle.prime("adapter before-checkpoint hook");
        return ResponseEntity.noContent().build();
    }

    @PostMapping(SnapStartLifecycle.AFTER_RESTORE_PATH)
    ResponseEntity<Void> afterRestore() {
        requireConfigured(env.get("AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH"), SnapStartLifecycle.AFTER_RESTORE_PATH);
        lifecycle.restored();
        return ResponseEntity.noContent().build();
    }

    private static void requireConfigured(String configured, String path) {
        if (!path.equals(configured)) throw GatewayError.notFound("Unknown request URL: " + path + ".");
    }
}
