package dev.llmgateway.gateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The official SAM and CloudFormation schemas, applied to templates. They are not part of the
 * repository (see functions/gateway/src/test/schemas/README.md): they are read from
 * {@value #DIR_VARIABLE}, else from that folder, and the checks skip, saying so, where they are absent.
 */
final class TemplateSchemas {
    static final String DIR_VARIABLE = "TEMPLATE_SCHEMAS_DIR";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = System.getenv(DIR_VARIABLE) != null && !System.getenv(DIR_VARIABLE).isBlank()
            ? Path.of(System.getenv(DIR_VARIABLE)) : Repo.file("functions/gateway/src/test/schemas");
    private static final Map<String, Schema> RESOURCE_SCHEMAS = new ConcurrentHashMap<>();
    /** SAM's documentation keywords. */
    private static final List<String> SAM_ANNOTATIONS = List.of("__samPassThrough", "markdownDescription");
    /**
     * The CloudFormation resource-schema definition's annotations, and (last line) cfn-lint's own validation
     * keywords, which the validator does not implement: those few constraints are not enforced here.
     */
    private static final List<String> CFN_ANNOTATIONS = List.of("typeName", "sourceUrl", "primaryIdentifier",
            "additionalIdentifiers", "createOnlyProperties", "conditionalCreateOnlyProperties", "readOnlyProperties",
            "writeOnlyProperties", "deprecatedProperties", "insertionOrder", "tagging", "propertyTransform", "relationshipRef",
            "handlers", "arrayType", "uniqueKeys", "prefixItems", "dependentRequired", "dependentExcluded", "maxUniqueItems",
            "requiredXor", "requiredOr");
    private static final SchemaRegistry DRAFT_4 = registry(Dialects.getDraft4(), SAM_ANNOTATIONS);
    private static final SchemaRegistry DRAFT_7 = registry(Dialects.getDraft7(), CFN_ANNOTATIONS);
    private static volatile Schema sam;

    private TemplateSchemas() {}

    /** Errors of the whole template (long form, intrinsics unevaluated) against SAM's template schema (draft-04). */
    static List<String> samErrors(Map<String, Object> template) {
        if (sam == null) sam = DRAFT_4.getSchema(read(DIR.resolve("sam/sam.schema.json")));
        return messages("template", sam.validate(JSON.valueToTree(template)));
    }

    /** Errors of each resource's evaluated Properties against its type's CloudFormation schema (draft-07). */
    static List<String> resourceErrors(Map<String, Map<String, Object>> resources) {
        List<String> errors = new ArrayList<>();
        resources.forEach((name, resource) -> {
            String type = (String) resource.get("Type");
            Object properties = resource.getOrDefault("Properties", Map.of());
            errors.addAll(messages(name + " (" + type + ")", resourceSchema(type).validate(JSON.valueToTree(properties))));
        });
        return errors;
    }

    /** True when the SAM schema is where the checks look for it. */
    static boolean available() {
        return Files.isRegularFile(DIR.resolve("sam/sam.schema.json"));
    }

    /** Where the checks look for the schemas. */
    static Path dir() {
        return DIR;
    }

    static boolean hasResourceSchema(String type) {
        return Files.isRegularFile(resourceSchemaFile(type));
    }

    private static Schema resourceSchema(String type) {
        return RESOURCE_SCHEMAS.computeIfAbsent(type, t -> {
            Path file = resourceSchemaFile(t);
            if (!Files.isRegularFile(file)) throw new IllegalStateException("no CloudFormation schema for " + t + " (" + file + ")");
            ObjectNode schema = (ObjectNode) read(file);
            schema.remove("$schema"); // names the resource-schema definition, a draft-07 dialect; not fetched
            return DRAFT_7.getSchema(schema);
        });
    }

    private static SchemaRegistry registry(Dialect dialect, List<String> annotations) {
        return SchemaRegistry.withDefaultDialect(Dialect.builder(dialect)
                .keywords(annotations.stream().map(NonValidationKeyword::new).toList()).build());
    }

    private static Path resourceSchemaFile(String type) {
        return DIR.resolve("cloudformation/" + type.toLowerCase(Locale.ROOT).replace("::", "-") + ".json");
    }

    private static List<String> messages(String where, List<Error> errors) {
        return errors.stream().map(e -> where + ": " + e.getInstanceLocation() + " " + e.getMessage()).toList();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
