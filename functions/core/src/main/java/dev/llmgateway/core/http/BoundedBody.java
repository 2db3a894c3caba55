package dev.llmgateway.core.http;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A buffered upstream body collected up to a limit: past it the exchange is cancelled at once and
 * the body fails with {@link TooLarge}, so an oversized answer costs at most the limit in memory.
 * The JDK offers only unbounded byte-array bodies, hence this small subscriber.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The body passed the limit (or declared a length past it). */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private final long declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final List<ByteBuffer> parts = new ArrayList<>();
    private Flow.Subscription subscription;
    private long size;

    private BoundedBody(long limit, long declared) {
        this.limit = limit;
        this.declared = declared;
    }

    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new BoundedBody(limit, info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declared > limit) { // known too large: not a byte read
            subscription.cancel();
            result.completeExceptionally(new TooLarge(limit));
            return;
        }
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) return;
        for (ByteBuffer item : items) {
            size += item.remaining();
            if (size > limit) {
                parts.clear();
                subscription.cancel();
                result.completeExceptionally(new TooLarge(limit));
                return;
            }
            parts.add(item);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        parts.clear();
        result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
        if (result.isDone()) return;
        byte[] bytes = new byte[(int) size];
        int at = 0;
        for (ByteBuffer part : parts) {
            int n = part.remaining();
            part.get(bytes, at, n);
            at += n;
        }
        parts.clear();
        result.complete(bytes);
    }
}
