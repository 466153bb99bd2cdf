package nimbus.rescdn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import org.junit.jupiter.api.Test;

class ResCdnJsonTest {
    private static Zone zone(String id) {
        return new Zone(
                id,
                "usr_a",
                ZoneKind.PULL,
                "a",
                "a.cdn.test",
                "https://o.test",
                0,
                0,
                0,
                Instant.parse("2025-01-14T10:00:00.123Z"),
                Map.of());
    }

    @Test
    void zoneIdsAreBase36AndReadBack() {
        for (long n : new long[] {1, 35, 36, 1000, 123456789, Long.MAX_VALUE}) {
            String id = ResCdnJson.zoneId(zone(Long.toString(n)));
            assertEquals(Long.toString(n), ResCdnJson.zoneNumber(id), id);
        }
        assertEquals("zone_rs", ResCdnJson.zoneId(zone("1000")));
    }

    @Test
    void anythingElseNamesNoZone() {
        for (String id : new String[] {null, "", "zone_", "zone_0rs", "zone_RS", "rs", "1000", "zone-rs", "zone_r s"})
            assertNull(ResCdnJson.zoneNumber(id), id);
    }

    @Test
    void createdIsUtcToTheSecond() {
        assertEquals("2025-01-14T10:00:00Z", ResCdnJson.zone(zone("1")).get("created"));
        assertEquals(true, ResCdnJson.zone(zone("1")).get("active"));
    }
}
