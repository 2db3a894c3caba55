package dev.llmgateway.core.providers.bedrock;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the gateway knows of a Bedrock model family beyond Converse, keyed by model id (with or
 * without a cross-region inference-profile prefix such as {@code us.} or {@code global.}): how it
 * embeds through InvokeModel, and whether it takes Anthropic's Messages body there, so inbound
 * {@code /v1/messages} passes through. A new family is one row of {@link #ALL}.
 *
 * @param embeddings null: the family does not embed
 */
record BedrockFamily(Pattern modelId, InvokeEmbeddings embeddings, boolean anthropicMessages) {
    private static final String PROFILE = "(?:[a-z]{2,6}(?:-[a-z]+)?\\.)?";

    static final List<BedrockFamily> ALL = List.of(
            new BedrockFamily(id("amazon\\.titan-embed-text-v2"), InvokeEmbeddings.TITAN_TEXT_V2, false),
            new BedrockFamily(id("cohere\\.embed-(?:english|multilingual)-v3"), InvokeEmbeddings.COHERE_EMBED, false),
            new BedrockFamily(id("anthropic\\.claude-"), null, true));

    private static final BedrockFamily OTHER = new BedrockFamily(null, null, false);

    /** The family of {@code modelId}; a model of no listed family is Converse only. */
    static BedrockFamily of(String modelId) {
        for (BedrockFamily family : ALL) if (family.modelId.matcher(modelId).lookingAt()) return family;
        return OTHER;
    }

    private static Pattern id(String prefix) {
        return Pattern.compile(PROFILE + prefix);
    }
}
