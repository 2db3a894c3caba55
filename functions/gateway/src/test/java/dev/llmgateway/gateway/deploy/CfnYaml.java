package dev.llmgateway.gateway.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Loads a CloudFormation/SAM template with its short-form intrinsic functions turned into their
 * long forms ({@code !Ref X} becomes {@code {Ref: X}}, {@code !GetAtt A.B} becomes
 * {@code {Fn::GetAtt: [A, B]}}), so tests see what CloudFormation sees. Any other tag fails the
 * load: a loader that dropped tags would make {@code !Ref Param} look like the string "Param".
 */
final class CfnYaml {
    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "Contains", "EachMemberEquals", "ValueOf", "Length", "ToJsonString");

    private CfnYaml() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false); // CloudFormation rejects duplicate keys too
        try (Reader reader = Files.newBufferedReader(file)) {
            return (Map<String, Object>) new Yaml(new Constructor(options)).load(reader);
        }
    }

    private static final class Constructor extends SafeConstructor {
        Constructor(LoaderOptions options) {
            super(options);
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String function : FUNCTIONS) yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value = switch (node) {
                    case ScalarNode scalar when key.equals("Fn::GetAtt") -> Arrays.asList(scalar.getValue().split("\\.", 2));
                    case ScalarNode scalar -> scalar.getValue();
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalArgumentException("unexpected node for " + key + ": " + node);
                };
                return Map.of(key, value);
            }
        }
    }
}
