package nimbus.shared.edge;

import java.util.Map;

/**
 * One change to a table item, as the table's stream reports it: the item's partition key, what happened
 * ("INSERT", "MODIFY", "REMOVE"), and the item before and after (plain values: strings, numbers as strings, booleans,
 * maps; an empty map where there is no image).
 */
public record ZoneChange(
        String sequenceNumber, String pk, String event, Map<String, Object> before, Map<String, Object> after) {
    public ZoneChange {
        before = before == null ? Map.of() : before;
        after = after == null ? Map.of() : after;
    }

    /** An attribute of the item as it is now, or as it was when it is gone. */
    Object latest(String attribute) {
        Object value = after.get(attribute);
        return value != null ? value : before.get(attribute);
    }
}
