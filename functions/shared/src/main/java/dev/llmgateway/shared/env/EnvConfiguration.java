package dev.llmgateway.shared.env;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.configfile.ConfigFile;
import dev.llmgateway.shared.secrets.AwsSecretsFetcher;
import dev.llmgateway.shared.secrets.SecretVariables;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;

/**
 * The variables both functions read (README, docs/configuration-file.md): Spring's environment, with
 * the secrets that {@code *_SECRET_ARN} entries name, over the optional configuration file. An
 * application started beside another one in the same process may be handed that one's {@link Env}
 * instead, so both read the same settings.
 */
@Configuration(proxyBeanMethods = false)
public class EnvConfiguration {

    /** The environment over the optional configuration file, which is read and validated once, here. */
    public record Configured(Env env, ConfigFile.Loaded file) {}

    @Bean
    @ConditionalOnMissingBean(Env.class)
    Configured configured(Environment spring) {
        Env variables = env(spring, () -> new AwsSecretsFetcher()); // a lambda, so the AWS SDK loads only when used
        ConfigFile.Loaded file = ConfigFile.fromEnv(variables); // a mistake stops the start here
        return new Configured(file.under(variables), file);
    }

    @Bean
    @ConditionalOnMissingBean
    Env env(Configured configured) {
        return configured.env();
    }

    /** The file's routes and declared servers; none when the environment was handed over from beside. */
    @Bean
    ConfigFile.Loaded configFile(ObjectProvider<Configured> configured) {
        Configured own = configured.getIfAvailable();
        return own == null ? ConfigFile.Loaded.NONE : own.file();
    }

    /**
     * Spring's environment (the process environment plus test and command-line properties), with
     * the variables that {@code *_SECRET_ARN} entries name read from Secrets Manager.
     */
    public static Env env(Environment spring, Supplier<? extends SecretVariables.Fetcher> secrets) {
        Map<String, String> candidates = new HashMap<>();
        for (String name : secretArnVariables(spring)) {
            String target = name.substring(0, name.length() - SecretVariables.SUFFIX.length());
            candidates.put(name, spring.getProperty(name));
            candidates.put(target, spring.getProperty(target));
        }
        Map<String, String> resolved = SecretVariables.resolve(candidates, secrets);
        return new Env(name -> {
            String value = spring.getProperty(name);
            return value == null || value.isBlank() ? resolved.get(name) : value;
        });
    }

    /** The names of every {@code *_SECRET_ARN} variable the environment has. */
    public static Set<String> secretArnVariables(Environment spring) {
        Set<String> names = new TreeSet<>();
        if (spring instanceof ConfigurableEnvironment configurable) {
            for (var source : configurable.getPropertySources()) {
                if (!(source instanceof EnumerablePropertySource<?> enumerable)) continue;
                for (String name : enumerable.getPropertyNames()) {
                    if (name.endsWith(SecretVariables.SUFFIX)) names.add(name);
                }
            }
        }
        return names;
    }
}
