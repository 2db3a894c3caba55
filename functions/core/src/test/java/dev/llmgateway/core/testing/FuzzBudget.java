package dev.llmgateway.core.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * The budget of the property-based tests: a fixed seed and bounded tries, so the suite is repeatable
 * and fast; {@code -Dfuzz.seed=random -Dfuzz.tries=100000} explores further by hand (a property's own
 * {@code tries} is the CI budget). jqwik has no global seed setting, hence this hook; apply it with
 * {@code @AddLifecycleHook(FuzzBudget.class)}.
 */
public final class FuzzBudget implements AroundPropertyHook {
    public static final String DEFAULT_SEED = "20261202";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        String seed = System.getProperty("fuzz.seed", DEFAULT_SEED);
        if (!seed.equalsIgnoreCase("random")) attributes.setSeed(seed);
        String tries = System.getProperty("fuzz.tries");
        if (tries != null) attributes.setTries(Integer.parseInt(tries));
        return property.execute();
    }

    /** From the test class to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    /** Outside jqwik's own hooks, so the attributes are set before the property's tries are generated. */
    @Override
    public int aroundPropertyProximity() {
        return -100;
    }
}
