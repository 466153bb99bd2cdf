package nimbus.rescdn;

import static nimbus.rescdn.Calls.call;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nimbus.local.kit.Events;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.rescdn.Calls.Reply;
import nimbus.shared.Settings;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import org.junit.jupiter.api.Test;

class CreateZoneHandlerTest {
    private final CreateZoneHandler handler = new CreateZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSeedsRequestCreatesAPullZoneUnderTheBaseDomain() {
        String name = Stored.name();
        Reply reply = call(handler, Calls.createNamed(owner.key(), name));
        assertEquals(201, reply.status(), reply.text());
        List<Zone> zones = Stored.zones().list(owner.id());
        assertEquals(1, zones.size());
        Zone zone = zones.get(0);
        assertEquals(ZoneKind.PULL, zone.kind());
        assertEquals(name + "." + Settings.zoneDomain(), zone.hostname());
        assertEquals("https://your-origin.com", zone.originUrl());
        String created = reply.json().get("created").toString();
        assertTrue(created.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), created);
        assertEquals(
                "{\"id\":\"zone_" + Long.toString(Long.parseLong(zone.id()), 36) + "\",\"name\":\"" + name
                        + "\",\"subdomain\":\"" + name + "." + Settings.zoneDomain()
                        + "\",\"origin\":\"https://your-origin.com\",\"created\":\"" + created
                        + "\",\"active\":true}",
                reply.text());
    }

    @Test
    void theSampleEventsBodyIsTheSeedsExample() {
        Map<String, Object> body = nimbus.shared.http.Json.parseObject(
                Events.load("rescdn/create-zone.json").getBody().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(Map.of("name", "my-assets", "origin", "https://your-origin.com"), body);
    }

    @Test
    void badInputIs400AndCreatesNothing() {
        String name = Stored.name();
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"origin\":\"https://your-origin.com\"}", "name is required");
        refused.put("{\"name\":\"   \",\"origin\":\"https://your-origin.com\"}", "name is required");
        String notALabel = "name must be a DNS label: lower-case letters, digits and inner hyphens";
        for (String bad : List.of("my_assets", "-assets", "assets-", "my.assets", "my assets", "ünï"))
            refused.put("{\"name\":\"" + bad + "\",\"origin\":\"https://your-origin.com\"}", notALabel);
        refused.put(
                "{\"name\":\"" + "a".repeat(64) + "\",\"origin\":\"https://your-origin.com\"}",
                "name is too long: at most 63 characters");
        refused.put("{\"name\":\"" + name + "\"}", "origin is required");
        String notAUrl = "origin must be an http or https URL of a host, without a path";
        for (String bad :
                List.of("ftp://your-origin.com", "your-origin.com", "https://", "https://x/a?b", "javascript:1"))
            refused.put("{\"name\":\"" + name + "\",\"origin\":\"" + bad + "\"}", notAUrl);
        refused.put("{\"name\":", "request body is not valid JSON");
        refused.forEach((body, message) -> {
            Reply reply = call(handler, Calls.create(owner.key(), body));
            assertEquals(400, reply.status(), body);
            assertEquals(Calls.error(message), reply.text(), body);
        });
        assertEquals(List.of(), Stored.zones().list(owner.id()));
    }

    @Test
    void upperCaseNamesAreHostnamesInLowerCase() {
        String name = Stored.name();
        Reply reply = call(handler, Calls.createNamed(owner.key(), name.toUpperCase()));
        assertEquals(201, reply.status(), reply.text());
        assertEquals(name, reply.json().get("name"));
    }

    @Test
    void aNameIsUniqueAcrossAccountsWithinAMode() {
        String name = Stored.name();
        assertEquals(201, call(handler, Calls.createNamed(owner.key(), name)).status());
        TestAccount other = Stored.account();
        Reply taken = call(handler, Calls.createNamed(other.key(), name));
        assertEquals(409, taken.status());
        assertEquals(Calls.error("name already taken: " + name + "." + Settings.zoneDomain()), taken.text());
        assertEquals(409, call(handler, Calls.createNamed(owner.key(), name)).status());
        assertEquals(List.of(), Stored.zones().list(other.id()));
        assertEquals(1, Stored.zones().list(owner.id()).size());
    }

    @Test
    void aTestKeyCreatesATestModeZoneApartFromLiveNames() {
        String name = Stored.name();
        assertEquals(201, call(handler, Calls.createNamed(owner.key(), name)).status());
        String testKey = Stored.testKey(owner);
        Reply reply = call(handler, Calls.createNamed(testKey, name));
        assertEquals(201, reply.status(), reply.text());
        assertEquals(name + ".test." + Settings.zoneDomain(), reply.json().get("subdomain"));
        List<Zone> test = Stored.zones().list(owner.id(), true);
        assertEquals(1, test.size());
        assertTrue(test.get(0).testMode());
        assertEquals(1, Stored.zones().list(owner.id()).size(), "the live zone only");
        // Test-mode names are unique across accounts among test-mode zones.
        assertEquals(
                409,
                call(handler, Calls.createNamed(Stored.testKey(Stored.account()), name))
                        .status());
    }
}
