package io.marketflow.sink.domain;

import static io.marketflow.sink.domain.JsonFields.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Fields are found by their contract order first, and by name in any other order; anything else is unusual. */
class FieldsInOrderTest {

    private static final FieldsInOrder FIELDS = new FieldsInOrder("a", "b_c", "d", "e");

    @Test
    void findsTheFieldsInTheContractsOrder() {
        assertThat(fields("{\"a\":1,\"b_c\":2,\"d\":3,\"e\":4}")).containsExactly(0, 1, 2, 3);
    }

    @Test
    void findsFieldsLeftOutOrInAnotherOrderByName() {
        assertThat(fields("{\"b_c\":2,\"e\":4}")).containsExactly(1, 3);
        assertThat(fields("{\"e\":4,\"d\":3,\"a\":1}")).containsExactly(3, 2, 0);
        assertThat(fields("{}")).isEmpty();
        // A repeated field is found again: telling it apart is the reader's part (StrictValues.once).
        assertThat(fields("{\"a\":1,\"e\":4,\"a\":1}")).containsExactly(0, 3, 0);
    }

    @Test
    void givesUpOnUnknownNamesAndAnyOtherForm() {
        // Unknown names, a name with an escape (the mapper decodes it), blanks, and malformed objects.
        for (String json : List.of("{\"a\":1,\"x\":2}", "{\"bC\":1}", "{\"A\":1}", "{\"a \":1}", "{\"\":1}", "{\"a\\u0062\":1}",
                "{\"b\\u005fc\":2}", "{\"a\" :1}", "{ \"a\":1}", "{\"a\":1,", "{\"a\":1]", "{\"a\":1 \"d\":2}", "{\"a\"", "{\"a", "{a:1}")) {
            assertThatThrownBy(() -> fields(json)).as(json).isInstanceOf(StrictValues.Unusual.class);
        }
    }

    /** @return the indexes of the object's fields, each value (a number) skipped */
    private static List<Integer> fields(String json) {
        List<Integer> fields = new ArrayList<>();
        CompactJsonCursor c = new CompactJsonCursor(utf8(json));
        c.expect('{');
        if (!c.take('}')) {
            int field = 0;
            do {
                field = FIELDS.next(c, field);
                fields.add(field);
                c.number();
                field++;
            } while (c.take(','));
            c.expect('}');
        }
        c.end();
        return fields;
    }
}
