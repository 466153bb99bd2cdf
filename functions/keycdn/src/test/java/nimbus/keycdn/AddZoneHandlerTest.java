package nimbus.keycdn;

import static nimbus.keycdn.Calls.call;
import static nimbus.keycdn.Calls.event;
import static nimbus.keycdn.Calls.form;
import static nimbus.keycdn.Calls.json;
import static nimbus.keycdn.Calls.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nimbus.keycdn.Calls.Reply;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneKind;
import org.junit.jupiter.api.Test;

class AddZoneHandlerTest {
    private final AddZoneHandler handler = new AddZoneHandler(TestStack.context());
    private final TestAccount owner = Stored.account();

    @Test
    void theSampleEventAddsThePullZoneOfTheSeed() {
        Reply reply = call(handler, event("add-zone", owner.key()));
        assertEquals(200, reply.status(), reply.text());
        List<Zone> zones = Stored.zones().list(owner.id());
        assertEquals(1, zones.size());
        Zone zone = zones.get(0);
        assertEquals(
                Expected.zoneEnvelope("Zone successfully added.", Expected.pull(zone.id(), "examplepull")),
                reply.text());
        assertTrue(zone.id().matches("[0-9]+"), zone.id());
        assertEquals(ZoneKind.PULL, zone.kind());
        assertEquals("https://example.com", zone.originUrl());
        assertEquals(
                "examplepull-" + Long.toHexString(Long.parseLong(zone.id())) + "." + Settings.zoneDomain(),
                zone.hostname());
    }

    @Test
    void aPushZoneFromJsonWithSettingsAsNumbersAndStrings() {
        Reply reply = call(
                handler,
                json(
                        event("add-zone", owner.key()),
                        "{\"name\":\"examplepush\",\"type\":\"push\",\"expire\":43200,\"cors\":\"enabled\","
                                + "\"dirlist\":\"enabled\",\"securetokenkey\":\"abcd1234\"}"));
        assertEquals(200, reply.status(), reply.text());
        Map<String, Object> zone = reply.zone();
        assertEquals("push", zone.get("type"));
        assertEquals("43200", zone.get("expire"));
        assertEquals("enabled", zone.get("cors"));
        assertEquals("enabled", zone.get("dirlist"));
        assertEquals("abcd1234", zone.get("securetokenkey"));
        assertTrue(!zone.containsKey("originurl"));
        Zone stored = Stored.zones().list(owner.id()).get(0);
        assertEquals("43200", stored.settings().get("expire"));
        assertEquals(zone.get("id"), stored.id());
    }

    @Test
    void parametersInTheQueryStringAndATypeLeftOutIsPush() {
        Reply reply = call(
                handler,
                query(form(event("add-zone", owner.key()), ""), Map.of("name", "fromquery", "gzip", "enabled")));
        assertEquals(200, reply.status(), reply.text());
        assertEquals("push", reply.zone().get("type"));
        assertEquals("enabled", reply.zone().get("gzip"));
    }

    @Test
    void everyBadParameterIs400NamingItAndAddsNothing() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("type=pull&originurl=https://example.com", "Missing required parameter: name."),
                Map.entry("name=a-b&type=pull&originurl=https://example.com", "Invalid parameter name."),
                Map.entry(
                        "name=abcdefghijklmnopqrstu&type=pull&originurl=https://example.com",
                        "Invalid parameter name: at most 20 characters."),
                Map.entry("name=x&type=cdn", "Invalid parameter type: cdn is not allowed."),
                Map.entry("name=x&type=", "Invalid parameter type."),
                Map.entry("name=x&type=files", "Invalid parameter type: files is not allowed."),
                Map.entry("name=x&type=pull", "Missing required parameter: originurl."),
                Map.entry("name=x&type=pull&originurl=https://example.com/index.html", "Invalid parameter originurl."),
                Map.entry("name=x&type=push&expire=525950", "Invalid parameter expire: 525950 is not allowed."),
                Map.entry("name=x&type=push&expire=soon", "Invalid parameter expire."),
                Map.entry("name=x&type=push&cors=yes", "Invalid parameter cors: yes is not allowed."),
                Map.entry("name=x&type=push&securetokenkey=ab", "Invalid parameter securetokenkey."),
                Map.entry(
                        "name=x&type=push&cachekeycookie=" + "c".repeat(33),
                        "Invalid parameter cachekeycookie: at most 32 characters."),
                // Custom certificates: CustomCertificateTest covers them; these are the plain refusals.
                Map.entry("name=x&type=push&customsslcert=nope", "Invalid parameter customsslcert."),
                Map.entry("name=x&type=push&customsslkey=k", "Invalid parameter customsslkey."),
                Map.entry("name=x&type=push&sslcert=custom", "Missing required parameter: customsslkey."));
        cases.forEach((body, description) -> {
            Reply reply = call(handler, form(event("add-zone", owner.key()), body));
            assertEquals(400, reply.status(), body);
            assertEquals(Expected.error(description), reply.text(), body);
        });
        Reply broken = call(handler, json(event("add-zone", owner.key()), "{\"name\":"));
        assertEquals(400, broken.status());
        assertEquals(Expected.error("The request body is not valid JSON."), broken.text());
        assertEquals(List.of(), Stored.zones().list(owner.id()));
    }
}
