import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A loopback stand-in for Ollama's /api/chat (non-streaming answer) for the cold-start benchmark.
 * Usage: java FakeOllama.java PORT. Prints "ready" once listening.
 */
public class FakeOllama {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 0);
        byte[] answer = """
                {"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Bonjour"},
                 "done":true,"done_reason":"stop","prompt_eval_count":9,"eval_count":2}""".getBytes(StandardCharsets.UTF_8);
        server.createContext("/api/chat", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        server.start();
        System.out.println("ready");
    }
}
