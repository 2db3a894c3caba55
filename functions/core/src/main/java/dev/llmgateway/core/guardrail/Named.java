package dev.llmgateway.core.guardrail;

/** A detector's name (in policies, metrics and errors) and placeholder type, kept once for every kind of detector. */
abstract class Named implements Detector {
    private final String name;
    private final String type;

    Named(String name, String type) {
        this.name = name;
        this.type = type;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String type() {
        return type;
    }
}
