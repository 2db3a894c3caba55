package dev.llmgateway.admin.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmgateway.admin.console.session.DynamoSessionStore;
import dev.llmgateway.admin.console.session.SessionStore;
import dev.llmgateway.core.testing.Dynalite;
import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The sessions on DynamoDB, against dynalite (skipped loudly when it cannot run): what the deployed console relies on. */
class DynamoConsoleSessionsTest extends ConsoleSessionsContract {
    private static DynamoDbClient client;
    private String table;

    @Override
    SessionStore newStore(MutableClock clock) {
        Dynalite dynalite = Dynalite.get();
        if (client == null) client = dynalite.client();
        table = "sessions-" + UUID.randomUUID().toString().substring(0, 8);
        DynamoSessionStore store = new DynamoSessionStore(client, table);
        store.createIfMissing();
        return store;
    }

    /** Another environment of the admin function: its own client and store on the same table. */
    ConsoleSessions anotherEnvironment() {
        return new ConsoleSessions(new DynamoSessionStore(Dynalite.get().client(), table), clock, IDLE);
    }

    Map<String, AttributeValue> item(ConsoleSessions.Session s) {
        return client.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(ConsoleSessions.hash(s.token()))))
                .consistentRead(true)).item();
    }

    @Test
    void aSessionStartedInOneEnvironmentHoldsInAnotherUntilLogoutThere() {
        ConsoleSessions.Session s = sessions.create();
        ConsoleSessions other = anotherEnvironment();
        assertThat(other.find(s.token())).get().extracting(ConsoleSessions.Session::csrf).isEqualTo(s.csrf());
        clock.advance(Duration.ofMinutes(20));
        assertThat(other.find(s.token())).isPresent(); // used there: the idle clock restarts for both
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.find(s.token())).as("40 minutes after login, 20 after its last use").isPresent();
        other.end(s.token());
        assertThat(sessions.find(s.token())).as("logged out in the other environment").isEmpty();
        assertThat(item(s)).isEmpty();
    }

    @Test
    void theItemHoldsNoTokenAndExpiresByTheTablesTtlAttribute() { // the table's TTL setting: AdminFunctionTemplateTest
        ConsoleSessions.Session s = sessions.create();
        Map<String, AttributeValue> item = item(s);
        assertThat(item).containsOnlyKeys("pk", "csrf", "created_at", "last_seen", DynamoSessionStore.EXPIRES_AT);
        assertThat(item.toString()).doesNotContain(s.token());
        assertThat(item.get("pk").s()).isEqualTo(ConsoleSessions.hash(s.token()));
        assertThat(DynamoSessionStore.EXPIRES_AT).isEqualTo("expires_at");
        assertThat(Long.parseLong(item.get(DynamoSessionStore.EXPIRES_AT).n())) // epoch seconds, as TTL reads it
                .isEqualTo(clock.instant().plus(IDLE).getEpochSecond());
    }
}
