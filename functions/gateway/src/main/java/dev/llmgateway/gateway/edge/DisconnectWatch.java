package dev.llmgateway.gateway.edge;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches the client while the gateway waits on an upstream that may be silent: a disconnect is
 * otherwise noticed only at the next write, which a silent upstream never causes. When the client
 * has gone, the waiting thread is interrupted, which aborts the upstream exchange (the JDK client
 * cancels a request whose caller is interrupted, and closing an unread body closes its connection),
 * and the call ends with {@link ClientGone} instead of whatever error the abort produced.
 */
public final class DisconnectWatch implements AutoCloseable {
    /** How often a waiting request asks whether its client is still there. */
    static final Duration PERIOD = Duration.ofMillis(100);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "client-disconnect-watch");
        t.setDaemon(true);
        return t;
    });

    /** An upstream call that may block. */
    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException;
    }

    /** The client closed its connection while its request was being served. */
    public static final class ClientGone extends IOException {
        ClientGone() {
            super("the client closed its connection");
        }
    }

    private final ClientConnection connection;
    private final Thread waiting;
    private final ScheduledFuture<?> task;
    private boolean stopped;
    private volatile boolean gone;

    private DisconnectWatch(ClientConnection connection) {
        this.connection = connection;
        this.waiting = Thread.currentThread();
        this.task = connection == ClientConnection.UNKNOWN ? null
                : TIMER.scheduleWithFixedDelay(this::check, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code call} (after the request body was read whole) and cancels it if the client leaves meanwhile. */
    public static <T> T during(HttpServletRequest request, Call<T> call) throws IOException {
        try (DisconnectWatch watch = new DisconnectWatch(ClientConnection.of(request))) {
            try {
                return call.call();
            } catch (IOException | RuntimeException e) {
                if (watch.gone) throw new ClientGone();
                throw e;
            }
        }
    }

    private synchronized void check() {
        if (stopped || gone) return;
        if (connection.closed()) {
            gone = true;
            waiting.interrupt();
        }
    }

    /** Stops watching; no probe runs after this returns, and the interrupt meant for the call is cleared. */
    @Override
    public void close() {
        if (task != null) task.cancel(false);
        synchronized (this) {
            stopped = true;
        }
        if (gone) Thread.interrupted();
    }
}
