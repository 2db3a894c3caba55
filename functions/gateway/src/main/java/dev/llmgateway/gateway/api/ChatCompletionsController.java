package dev.llmgateway.gateway.api;

import dev.llmgateway.core.api.ChatRequest;
import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.provider.Completion;
import dev.llmgateway.core.provider.ModelResolver;
import dev.llmgateway.core.provider.StreamResult;
import dev.llmgateway.gateway.config.RequestLimits;
import dev.llmgateway.gateway.metrics.RequestMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/chat/completions}: read and validate the body, resolve the model to a provider,
 * then answer buffered or as a stream. Failures are {@link GatewayError}s rendered by {@link ErrorResponses}.
 * The {@link RequestMeter} is told what happened (provider, upstream calls, first chunk, usage, how a
 * started stream ended) and records it once when the response is complete.
 */
@RestController
class ChatCompletionsController {
    static final String PROVIDER_HEADER = "X-Gateway-Provider";
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsController.class);

    private final ModelResolver models;
    private final RequestLimits limits;

    ChatCompletionsController(ModelResolver models, RequestLimits limits) {
        this.models = models;
        this.limits = limits;
    }

    @PostMapping("/v1/chat/completions")
    void chatCompletions(HttpServletRequest http, HttpServletResponse response, RequestMeter meter) throws IOException {
        ChatRequest request = ChatRequest.parse(RequestBodies.read(http, limits.maxBodyBytes()));
        ModelResolver.Target target = models.resolve(request.model());
        meter.routed(target.provider().name(), request.model());
        response.setHeader(PROVIDER_HEADER, target.provider().name());
        if (request.stream()) {
            stream(request, target, response, meter);
        } else {
            Completion completion = meter.upstream(() -> target.provider().complete(request, target.model()));
            meter.usage(completion.usage());
            response.setContentType("application/json");
            response.setContentLength(completion.body().length);
            response.getOutputStream().write(completion.body());
        }
    }

    private void stream(ChatRequest request, ModelResolver.Target target, HttpServletResponse response,
                        RequestMeter meter) throws IOException {
        SseResponse sse = new SseResponse(response);
        try {
            StreamResult result = meter.upstream(() -> target.provider().stream(request, target.model(), meter.streamingTo(sse)));
            meter.usage(result.usage());
        } catch (GatewayError e) {
            if (!sse.started()) throw e; // nothing sent yet: answer with the error's own status
            log.warn("stream from {} failed after the first chunk: {}", target.provider().name(), e.getMessage());
            meter.streamFailed(e);
            sse.fail(e);
            return;
        } catch (IOException e) {
            // The client went away; the provider has already cancelled the upstream call.
            log.debug("client disconnected from a {} stream", target.provider().name());
            meter.clientDisconnected();
            return;
        }
        sse.done();
    }
}
