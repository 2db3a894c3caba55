package dev.llmgateway.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.routing.Price;
import org.junit.jupiter.api.Test;

class RoutingConfigurationTest {
    @Test
    void unpricedModelPriceIsInputCommaOutputInUsdPerMillionTokens() {
        assertThat(RoutingConfiguration.unpricedDefault(null)).isNull();
        assertThat(RoutingConfiguration.unpricedDefault(" ")).isNull();
        assertThat(RoutingConfiguration.unpricedDefault("15, 75")).isEqualTo(Price.of("15", "75", null));
        for (String bad : new String[] {"15", "15,75,1", "a,b", "-1,5"}) {
            assertThatThrownBy(() -> RoutingConfiguration.unpricedDefault(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UNPRICED_MODEL_PRICE");
        }
    }
}
