package io.marketflow.sink.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.marketflow.contract.ContractJson;

/** Fields are found by their contract order first, and by name in any other order; anything else is unusual. */
class FieldsInOrderTest {

    private static final FieldsInOrder FIELDS = new FieldsInOrder("a", "b_c", "d", "e");

    @Test
    void findsTheFieldsInTheContractsOrder() throws IOException {
        assertThat(fields("{\"a\":1,\"b_c\":2,\"d\":3,\"e\":4}")).containsExactly(0, 1, 2, 3);
        assertThat(FIELDS.size()).isEqualTo(4);
    }

    @Test
    void findsFieldsLeftOutOrInAnotherOrderByName() throws IOException {
        assertThat(fields("{\"b_c\":2,\"e\":4}")).containsExactly(1, 3);
        assertThat(fields("{\"e\":4,\"d\":3,\"a\":1}")).containsExactly(3, 2, 0);
        assertThat(fields("{}")).isEmpty();
        // A name with an escape does not compare byte for byte, but is the same name.
        assertThat(fields("{\"a\":1,\"b\\u005fc\":2}")).containsExactly(0, 1);
        // A repeated field is found again: telling it apart is the reader's part (StrictValues.once).
        assertThat(fields("{\"a\":1,\"e\":4,\"a\":1}")).containsExactly(0, 3, 0);
    }

    @Test
    void givesUpOnAnUnknownName() {
        for (String json : List.of("{\"a\":1,\"x\":2}", "{\"bC\":1}", "{\"A\":1}", "{\"a \":1}", "{\"\":1}")) {
            assertThatThrownBy(() -> fields(json)).as(json).isInstanceOf(StrictValues.Unusual.class);
        }
    }

    @Test
    void leavesMalformedObjectsToTheParsersException() {
        for (String json : List.of("{\"a\":1,", "{\"a\":1]", "{\"a\":1 \"d\":2}")) {
            assertThatThrownBy(() -> fields(json)).as(json).isInstanceOf(IOException.class);
        }
    }

    /** @return the indexes of the object's fields, each value skipped */
    private static List<Integer> fields(String json) throws IOException {
        List<Integer> fields = new ArrayList<>();
        try (JsonParser p = ContractJson.mapper().getFactory().createParser(json)) {
            assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            int field = 0;
            while ((field = FIELDS.next(p, field)) != FieldsInOrder.END) {
                fields.add(field);
                p.nextToken();
                p.skipChildren();
                field++;
            }
        }
        return fields;
    }
}
