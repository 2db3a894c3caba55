package dev.llmgateway.core.audit;

import dev.llmgateway.core.config.Env;
import dev.llmgateway.core.json.Json;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * {@code bin/audit-verify}: verifies the audit table named by {@code AUDIT_TABLE} with the key in
 * {@code AUDIT_HMAC_KEY}, printing every finding and a JSON summary; exits 0 when the log is intact,
 * 1 when anything was found, 2 on bad usage. {@code --tenant T} verifies that tenant's chains;
 * {@code --export T [FROM [TO]]} writes the tenant's records as JSON Lines instead.
 */
public final class VerifyCommand {
    private VerifyCommand() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(args, Env.system()));
    }

    static int run(String[] args, Env env) throws Exception {
        String secret = env.get("AUDIT_HMAC_KEY");
        if (env.get("AUDIT_TABLE") == null || (secret == null && !(args.length > 0 && args[0].equals("--export")))) {
            System.err.println("usage: AUDIT_TABLE=<table> AUDIT_HMAC_KEY=<key> audit-verify [--tenant T | --export T [FROM [TO]]]");
            return 2;
        }
        AuditStore store = AuditLog.storeFromEnv(env);
        if (args.length >= 2 && args[0].equals("--export")) {
            Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            long lines = AuditLog.export(store, new AuditQuery(args[1], args.length > 2 ? Instant.parse(args[2]) : null,
                    args.length > 3 ? Instant.parse(args[3]) : null, null, null, null, null, AuditQuery.MAX_LIMIT, null), out);
            out.flush();
            System.err.println(lines + " records exported");
            return 0;
        }
        AuditVerifier verifier = new AuditVerifier(store, new AuditKey(secret), Clock.systemUTC());
        long start = System.nanoTime();
        Verification result = args.length >= 2 && args[0].equals("--tenant") ? verifier.verifyTenant(args[1]) : verifier.verifyAll();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Finding f : result.findings()) System.out.println(f);
        var summary = result.toTree().put("seconds", seconds)
                .put("records_per_second", seconds > 0 ? Math.round(result.records() / seconds) : 0);
        summary.remove("findings");
        System.out.println(Json.string(summary));
        return result.ok() ? 0 : 1;
    }
}
