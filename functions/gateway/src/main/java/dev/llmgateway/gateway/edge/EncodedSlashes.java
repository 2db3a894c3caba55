package dev.llmgateway.gateway.edge;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.json.Json;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Where an encoded slash ({@code %2F}) may stand in a path: only in a model id after
 * {@code /v1/models/}, since the SDKs' {@code models.retrieve("ollama/llama3.2")} percent-encodes
 * the id's slash. Tomcat passes encoded slashes through undecoded (so no path can be dressed as
 * another), and every other path that has one is refused here with a 400 in OpenAI's envelope, as
 * Tomcat itself refused them before.
 */
public final class EncodedSlashes extends OncePerRequestFilter {
    static final String MODELS = "/v1/models/";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        if (!uri.toLowerCase(Locale.ROOT).contains("%2f") || uri.startsWith(MODELS)) {
            chain.doFilter(request, response);
            return;
        }
        GatewayError error = GatewayError.invalidRequest("An encoded slash (%2F) is allowed only in a model id after "
                + MODELS + ".", null, "invalid_path");
        byte[] body = Json.bytes(error.envelope());
        response.setStatus(error.status());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
