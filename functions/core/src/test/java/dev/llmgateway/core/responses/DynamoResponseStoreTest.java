package dev.llmgateway.core.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmgateway.core.api.GatewayError;
import dev.llmgateway.core.testing.Dynalite;
import dev.llmgateway.core.testing.MutableClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The contract on DynamoDB, against dynalite (skipped loudly when Node.js or dynalite is missing), and the item's shape. */
class DynamoResponseStoreTest extends ResponseStoreContract {
    private static DynamoDbClient client;
    private String table;

    @Override
    ResponseStore newStore(MutableClock clock) {
        Dynalite dynalite = Dynalite.get();
        if (client == null) client = dynalite.client();
        table = "responses-" + UUID.randomUUID();
        DynamoResponseStore store = new DynamoResponseStore(client, table, clock);
        store.createIfMissing();
        return store;
    }

    @Test
    void theItemIsKeyedByTenantAndIdWithACompressedDocumentAndTheTtlAttribute() {
        store.put("t1", translated("resp_a", clock.instant().plus(Duration.ofDays(30))));
        var item = client.getItem(r -> r.tableName(table).key(java.util.Map.of(DynamoResponseStore.PK, AttributeValue.fromS("t1#resp_a")))).item();
        assertThat(item.get(DynamoResponseStore.EXPIRES_AT).n()).isEqualTo(Long.toString(clock.instant().plus(Duration.ofDays(30)).getEpochSecond()));
        byte[] doc = item.get(DynamoResponseStore.DOC).b().asByteArray();
        assertThat(doc[0] & 0xff).as("gzip magic").isEqualTo(0x1f);
        assertThat(doc[1] & 0xff).isEqualTo(0x8b);
    }

    @Test
    void anUnreachableTableIsAStoreError() {
        ResponseStore missing = new DynamoResponseStore(client, "no-such-table-" + UUID.randomUUID(), clock);
        assertThatThrownBy(() -> missing.get("t1", "resp_a"))
                .isInstanceOfSatisfying(GatewayError.class, e -> assertThat(e.code()).isEqualTo("store_unavailable"));
    }
}
