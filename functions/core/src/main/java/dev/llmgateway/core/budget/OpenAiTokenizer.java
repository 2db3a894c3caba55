package dev.llmgateway.core.budget;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.regex.Pattern;

/**
 * Counts prompt text as OpenAI's models do (jtokkit): {@code o200k_base} for the GPT-4o family and
 * later (gpt-4o, gpt-4.1, gpt-5, o1, o3, o4, chatgpt-4o). The vocabulary (3.6 MB) is loaded on first
 * use only, so processes without a hard-cap tenant never pay for it.
 */
public final class OpenAiTokenizer {
    private static final Pattern O200K_MODELS = Pattern.compile("(openai/)?(gpt-4o|gpt-4\\.1|gpt-4\\.5|gpt-5|o1|o3|o4|chatgpt-4o).*");

    private OpenAiTokenizer() {}

    /** Whether {@code model} (an upstream model name) uses {@code o200k_base}. */
    public static boolean counts(String model) {
        return model != null && O200K_MODELS.matcher(model).matches();
    }

    /** The number of tokens of {@code text}, special-token markers counted as plain text. */
    public static long count(String text) {
        return Holder.O200K.countTokensOrdinary(text);
    }

    private static final class Holder {
        static final Encoding O200K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.O200K_BASE);
    }
}
