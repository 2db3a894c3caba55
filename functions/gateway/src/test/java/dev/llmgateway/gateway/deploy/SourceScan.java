package dev.llmgateway.gateway.deploy;

import dev.llmgateway.core.providers.Catalogue;
import dev.llmgateway.core.providers.ProviderRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the functions' main sources read from the environment and which AWS APIs they call,
 * derived from the code itself so that a new variable or API call without a template entry
 * fails the template tests.
 */
final class SourceScan {
    /** {@code env.get("X")}, {@code env.flag("X", ..)}, {@code env.number}, {@code env.millis}, {@code System.getenv("X")}. */
    private static final Pattern LOOKUP = Pattern.compile(
            "\\b(?:get|flag|number|millis|getenv|getProperty)\\(\\s*\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT)\"");
    /** {@code ProviderSpec.models(env, "X", ..)}, {@code ProviderSpec.baseUrl(env, "X", ..)} and similar helpers. */
    private static final Pattern HELPER = Pattern.compile(
            "\\b(?:models|baseUrl|secret|url)\\(\\s*\\w+\\s*,\\s*\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    /** A constant naming a variable: {@code static final String VARIABLE = "X"}, {@code ENDPOINT_VARIABLE = "X"}. */
    private static final Pattern CONSTANT = Pattern.compile(
            "\\bString\\s+\\w*VARIABLE\\w*\\s*=\\s*\"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\"");
    /** {@code ${NAME}} or {@code ${NAME:default}} placeholders in Spring properties. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    private SourceScan() {}

    /** What the sources read, and every variable of the provider catalogue (whose names are data, not literals). */
    static Set<String> environmentVariablesRead() {
        Set<String> names = environmentVariablesRead(Repo.file("functions"));
        for (ProviderRow row : Catalogue.ALL) names.addAll(row.variables());
        return names;
    }

    /** What the main sources of the named modules read (e.g. {@code core, shared, gateway}: one function's code). */
    static Set<String> environmentVariablesRead(String... modules) {
        Set<String> names = new TreeSet<>();
        for (String module : modules) names.addAll(variablesIn(mainSources(Repo.file("functions"), module)));
        for (ProviderRow row : Catalogue.ALL) if (List.of(modules).contains("core")) names.addAll(row.variables());
        return names;
    }

    /** The variables read by the main sources of every module under {@code functions}. */
    static Set<String> environmentVariablesRead(Path functions) {
        return variablesIn(mainSources(functions));
    }

    private static Set<String> variablesIn(Set<Path> sources) {
        Set<String> names = new TreeSet<>();
        for (Path file : sources) {
            String text = read(file);
            Pattern[] patterns = file.toString().endsWith(".java") ? new Pattern[] {LOOKUP, HELPER, CONSTANT} : new Pattern[] {PLACEHOLDER};
            for (Pattern pattern : patterns) {
                Matcher m = pattern.matcher(text);
                while (m.find()) names.add(m.group(1));
            }
        }
        return names;
    }

    /** IAM actions implied by AWS SDK calls in main sources, e.g. {@code dynamoDb.updateItem(..)} needs dynamodb:UpdateItem. */
    static Set<String> iamActionsCalled() {
        Set<String> actions = new TreeSet<>();
        for (Path file : mainSources(Repo.file("functions"))) {
            String text = read(file);
            Matcher service = Pattern.compile("import software\\.amazon\\.awssdk\\.services\\.(\\w+)\\.").matcher(text);
            Set<String> services = new TreeSet<>();
            while (service.find()) services.add(service.group(1));
            for (String s : services) {
                switch (s) {
                    case "dynamodb" -> dynamoCalls(text, actions);
                    case "bedrockruntime" -> {
                        calls(text, actions, "bedrock", "invokeModel", "invokeModelWithResponseStream");
                        if (text.matches("(?s).*\\.converse\\(.*")) actions.add("bedrock:InvokeModel");
                        if (text.matches("(?s).*\\.converseStream\\(.*")) actions.add("bedrock:InvokeModelWithResponseStream");
                    }
                    case "cloudwatch" -> calls(text, actions, "cloudwatch", "putMetricData", "getMetricData");
                    case "secretsmanager" -> calls(text, actions, "secretsmanager", "getSecretValue");
                    case "ssm" -> calls(text, actions, "ssm", "getParameter", "getParameters");
                    default -> actions.add(s + ":<unmapped; extend SourceScan>");
                }
            }
        }
        return actions;
    }

    /** DynamoDB actions called in one main source file, e.g. {@code core/.../store/DynamoRouteStore.java}. */
    static Set<String> dynamoActionsIn(String relativePath) {
        Set<String> actions = new TreeSet<>();
        dynamoCalls(read(Repo.file(relativePath)), actions);
        return actions;
    }

    private static void dynamoCalls(String text, Set<String> actions) {
        calls(text, actions, "dynamodb", "getItem", "batchGetItem", "query", "scan", "putItem", "updateItem", "deleteItem",
                "batchWriteItem", "transactWriteItems", "transactGetItems", "createTable", "describeTable", "updateTimeToLive");
        // The paginators issue the same API calls page by page.
        if (Pattern.compile("\\.scanPaginator\\(").matcher(text).find()) actions.add("dynamodb:Scan");
        if (Pattern.compile("\\.queryPaginator\\(").matcher(text).find()) actions.add("dynamodb:Query");
    }

    private static void calls(String text, Set<String> actions, String prefix, String... methods) {
        for (String method : methods) {
            if (Pattern.compile("\\." + method + "\\(").matcher(text).find()) {
                actions.add(prefix + ":" + Character.toUpperCase(method.charAt(0)) + method.substring(1));
            }
        }
    }

    private static Set<Path> mainSources(Path functions, String module) {
        Set<Path> all = mainSources(functions);
        Path main = functions.resolve(module).resolve("src/main");
        all.removeIf(p -> !p.startsWith(main));
        return all;
    }

    private static Set<Path> mainSources(Path functions) {
        Set<Path> files = new TreeSet<>();
        try (Stream<Path> modules = Files.list(functions)) {
            for (Path module : modules.toList()) {
                Path main = module.resolve("src/main");
                if (!Files.isDirectory(main)) continue;
                try (Stream<Path> walk = Files.walk(main)) {
                    walk.filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".properties"))
                            .forEach(files::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
