package dev.llmgateway.gateway.e2e;

/** A structured-output target class, as an application would declare it. */
public class Capital {
    public String city;
    public String country;
}
