package dev.llmgateway.gateway.deploy;

import static dev.llmgateway.gateway.deploy.TemplateTest.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda Managed Instances variant that {@code bin/managed-instances-template} derives from template.yaml:
 * the data-plane function moved onto a capacity provider, everything else exactly as in template.yaml.
 */
class ManagedInstancesTemplateTest {
    @TempDir
    static Path dir;

    static Map<String, Object> original;
    static Map<String, Object> derived;

    @BeforeAll
    static void derive() throws IOException, InterruptedException {
        Path out = dir.resolve("template.managed-instances.yaml");
        Process process = new ProcessBuilder("bash", Repo.file("bin/managed-instances-template").toString(), out.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        original = CfnYaml.load(Repo.file("template.yaml"));
        derived = CfnYaml.load(out);
    }

    static Map<String, Object> resource(Map<String, Object> template, String name) {
        return map(map(template, "Resources"), name);
    }

    static Map<String, Object> gateway(Map<String, Object> template) {
        return map(resource(template, "GatewayFunction"), "Properties");
    }

    @Test
    void theGatewayFunctionRunsOnTheCapacityProviderWithManyRequestsPerEnvironment() {
        assertThat(map(gateway(derived), "CapacityProviderConfig")).isEqualTo(Map.of(
                "Arn", Map.of("Fn::GetAtt", List.of("GatewayCapacityProvider", "Arn")),
                "PerExecutionEnvironmentMaxConcurrency", Map.of("Ref", "ManagedInstancesMaxConcurrency")));
        Map<String, Object> provider = resource(derived, "GatewayCapacityProvider");
        assertThat(provider.get("Type")).isEqualTo("AWS::Serverless::CapacityProvider");
        Map<String, Object> properties = map(provider, "Properties");
        assertThat(map(properties, "VpcConfig")).isEqualTo(Map.of("SubnetIds", Map.of("Ref", "ManagedInstancesSubnetIds"),
                "SecurityGroupIds", Map.of("Ref", "ManagedInstancesSecurityGroupIds")));
        // the same architecture as the function's code
        assertThat(map(properties, "InstanceRequirements").get("Architectures")).isEqualTo(gateway(derived).get("Architectures"));
        assertThat(map(properties, "ScalingConfig")).isEqualTo(Map.of("MaxVCpuCount", Map.of("Ref", "ManagedInstancesMaxVCpuCount")));
        assertThat(gateway(derived).get("AutoPublishAlias")).isEqualTo("live"); // capacity providers run published versions
    }

    @Test
    void whatManagedInstancesDoNotHaveIsGoneAndMemoryMeetsTheirMinimum() throws IOException {
        Map<String, Object> function = gateway(derived);
        assertThat(function).doesNotContainKeys("SnapStart", "ReservedConcurrentExecutions", "VpcConfig",
                "ProvisionedConcurrencyConfig");
        assertThat(map(map(function, "Environment"), "Variables").keySet()).noneMatch(name -> name.startsWith("AWS_LWA_SNAPSTART_"));
        assertThat(function.get("MemorySize")).isEqualTo(Map.of("Ref", "ManagedInstancesMemorySize"));
        Map<String, Object> memory = map(map(derived, "Parameters"), "ManagedInstancesMemorySize");
        assertThat(((Number) memory.get("MinValue")).intValue()).isGreaterThanOrEqualTo(2048);
        assertThat(Files.readString(Repo.file("functions/gateway/src/lambda/run.sh"))).contains("${GATEWAY_JVM_OPTIONS:-");
        // the on-demand template keeps SnapStart
        assertThat(gateway(original)).containsKey("SnapStart");
    }

    @Test
    void everyParameterTheVariantAddsIsUsedAndNothingElseDiffers() {
        Map<String, Object> added = new TreeMap<>(map(derived, "Parameters"));
        added.keySet().removeAll(map(original, "Parameters").keySet());
        assertThat(added.keySet()).containsExactlyInAnyOrder("ManagedInstancesSubnetIds", "ManagedInstancesSecurityGroupIds",
                "ManagedInstancesMaxConcurrency", "ManagedInstancesMemorySize", "ManagedInstancesMaxVCpuCount");
        String text = derived.toString();
        for (String name : added.keySet()) assertThat(text).contains("Ref=" + name);

        // Apart from the gateway function and the capacity provider, the two templates are the same.
        Map<String, Object> others = new TreeMap<>(map(derived, "Resources"));
        others.remove("GatewayCapacityProvider");
        others.remove("GatewayFunction");
        Map<String, Object> originalOthers = new TreeMap<>(map(original, "Resources"));
        originalOthers.remove("GatewayFunction");
        assertThat(others).isEqualTo(originalOthers);
        assertThat(derived.get("Outputs")).isEqualTo(original.get("Outputs"));
        assertThat(derived.get("Conditions")).isEqualTo(original.get("Conditions"));

        // and within the function only the edited properties differ
        Map<String, Object> function = new TreeMap<>(gateway(derived));
        Map<String, Object> before = new TreeMap<>(gateway(original));
        for (String edited : List.of("CapacityProviderConfig", "SnapStart", "ReservedConcurrentExecutions", "MemorySize", "Environment")) {
            function.remove(edited);
            before.remove(edited);
        }
        assertThat(function).isEqualTo(before);
        Map<String, Object> variables = new TreeMap<>(map(map(gateway(original), "Environment"), "Variables"));
        variables.keySet().removeIf(name -> name.startsWith("AWS_LWA_SNAPSTART_"));
        variables.put("GATEWAY_JVM_OPTIONS", "-XX:+UseParallelGC"); // run.sh's flags for many requests at once
        assertThat(map(map(gateway(derived), "Environment"), "Variables")).isEqualTo(variables);
    }
}
