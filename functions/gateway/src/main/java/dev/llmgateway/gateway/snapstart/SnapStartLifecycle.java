package dev.llmgateway.gateway.snapstart;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.providers.ModelResolver;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Prepares the process for a SnapStart snapshot. Three triggers run the same {@link Priming}:
 * <ul>
 *   <li>an init that precedes traffic: SnapStart, provisioned concurrency, managed instances
 *       ({@code AWS_LAMBDA_INITIALIZATION_TYPE} other than {@code on-demand}):
 *       the snapshot is taken once the app reports ready, and this runs before the server listens,
 *       so it is in the snapshot even when nothing else tells the app about the checkpoint;</li>
 *   <li>the CRaC {@code beforeCheckpoint} hook, for a CRaC JDK or the managed runtime's client
 *       (the web adapter is the runtime client here, so Lambda itself does not call it);</li>
 *   <li>the web adapter's before-checkpoint HTTP hook ({@link SnapStartHookController}).</li>
 * </ul>
 * Nothing in the snapshot depends on time or randomness: ids come from {@code SecureRandom},
 * timestamps are taken per request, and priming contacts no provider and leaves the gateway's
 * HTTP client without connections, so none is stale after a restore. {@link #restored()} is where anything that does must be refreshed.
 */
@Component
@Lazy(false)
public class SnapStartLifecycle implements Resource, SmartInitializingSingleton {
    /** Paths of the web adapter's SnapStart hooks; the template sets its variables to these. */
    public static final String BEFORE_CHECKPOINT_PATH = "/internal/snapstart/before-checkpoint";
    public static final String AFTER_RESTORE_PATH = "/internal/snapstart/after-restore";

    private static final Logger log = LoggerFactory.getLogger(SnapStartLifecycle.class);

    private final ModelResolver models;
    private final Env env;
    private final AtomicInteger primed = new AtomicInteger();
    private final AtomicInteger restores = new AtomicInteger();

    public SnapStartLifecycle(ModelResolver models, Env env) {
        this.models = models;
        this.env = env;
        Core.getGlobalContext().register(this); // the context may hold it weakly; Spring holds it strongly
    }

    @Override
    public void afterSingletonsInstantiated() {
        // Every init but on-demand's happens before traffic arrives (SnapStart, provisioned concurrency,
        // managed instances), so priming there costs no request anything; on demand it would delay the first.
        String init = env.get("AWS_LAMBDA_INITIALIZATION_TYPE");
        if (init != null && !init.equals("on-demand")) prime("init (" + init + ")");
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime("checkpoint");
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        restored();
    }

    public Priming.Report prime(String trigger) {
        long start = System.nanoTime();
        Priming.Report report = Priming.run(models);
        primed.incrementAndGet();
        log.info("primed for {} in {} ms: {}", trigger, (System.nanoTime() - start) / 1_000_000, report);
        return report;
    }

    public void restored() {
        restores.incrementAndGet();
        log.info("restored from a snapshot");
    }

    public int primedCount() {
        return primed.get();
    }

    public int restoreCount() {
        return restores.get();
    }
}
