package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import nimbus.local.kit.Template;
import nimbus.shared.Ids;
import nimbus.shared.edge.GrantTokens;
import nimbus.shared.edge.GrantTokens.Grant;
import nimbus.shared.http.Json;
import org.junit.jupiter.api.Test;

/**
 * Grant tokens signed by the Java side ({@link GrantTokens}) are what the edge's {@code lib/grant.js} accepts, and the
 * reverse, for fresh random keys (the fixed vector is checked in both languages' unit tests). Needs node on the PATH,
 * as {@link EdgeHandlersNodeTest} does.
 */
class GrantTokensAcrossLanguagesTest {
    private static final String SCRIPT = """
            const { checkGrant, signGrant } = require('./lib/grant');
            const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
            const out = cases.map((c) => {
              const zone = { id: c.zoneId, grantKey: c.key };
              const checked = checkGrant({ token: c.token, zone, path: c.path, nowSeconds: c.now });
              const signed = signGrant({ z: c.zoneId, p: c.grantPath, e: c.expires, g: c.grantId, d: c.download ? 1 : undefined }, c.key);
              return { status: checked.status || 200, download: !!(checked.grant && checked.grant.d === 1), signed };
            });
            process.stdout.write(JSON.stringify(out));
            """;

    @Test
    void javaSignsWhatTheEdgeAcceptsAndOpensWhatTheEdgeSigns() throws Exception {
        long now = Instant.now().getEpochSecond();
        List<Map<String, Object>> cases = new ArrayList<>();
        List<Integer> expected = new ArrayList<>();
        List<Grant> grants = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String id = Ids.newId();
        Object[][] rows = {
            // zone, granted path, request path, expires, download, status the edge must answer
            {"files-usr_a", "/" + id + "/", "/" + id + "/r%C3%A9sum%C3%A9.pdf", now + 300, true, 200},
            {"7", "/private/é/a b.pdf", "/private/é/a b.pdf", now + 1, false, 200},
            {"7", "/private/", "/private/x/y.png", now, false, 200},
            {"7", "/private/", "/public/y.png", now + 300, false, 403},
            {"7", "/private/a.pdf", "/private/a.pdf", now - 1, false, 410},
        };
        for (Object[] row : rows) {
            String key = GrantTokens.newKey();
            Grant grant = new Grant((String) row[0], (String) row[1], (Long) row[3], Ids.newId(), (Boolean) row[4]);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("key", key);
            c.put("token", GrantTokens.sign(key, grant));
            c.put("zoneId", grant.zoneId());
            c.put("path", row[2]);
            c.put("now", now);
            c.put("grantPath", grant.path());
            c.put("expires", grant.expiresEpochSeconds());
            c.put("grantId", grant.grantId());
            c.put("download", grant.download());
            cases.add(c);
            expected.add((Integer) row[5]);
            grants.add(grant);
            keys.add(key);
        }
        List<Object> results = runNode(Json.write(cases));
        assertEquals(cases.size(), results.size());
        for (int i = 0; i < results.size(); i++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) results.get(i);
            assertEquals(expected.get(i), ((Number) result.get("status")).intValue(), "case " + i + ": " + result);
            if (expected.get(i) == 200) assertEquals(grants.get(i).download(), result.get("download"), "case " + i);
            // and what node signed for the same grant is the same token, which Java opens
            String signed = (String) result.get("signed");
            assertEquals(cases.get(i).get("token"), signed, "case " + i);
            assertEquals(Optional.of(grants.get(i)), GrantTokens.open(keys.get(i), signed), "case " + i);
        }
    }

    private static List<Object> runNode(byte[] input) throws Exception {
        Path edge = Template.defaultPath().toAbsolutePath().getParent().resolve("functions/edge");
        Process node;
        try {
            node = new ProcessBuilder("node", "-e", SCRIPT)
                    .directory(edge.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            fail("node is needed to check grant tokens against the edge's code: " + e.getMessage());
            return List.of();
        }
        try (var stdin = node.getOutputStream()) {
            stdin.write(input);
        }
        byte[] output = node.getInputStream().readAllBytes();
        assertTrue(node.waitFor(60, TimeUnit.SECONDS), "node did not end");
        assertEquals(0, node.exitValue(), new String(output, StandardCharsets.UTF_8));
        String json = "{\"results\":" + new String(output, StandardCharsets.UTF_8) + "}";
        @SuppressWarnings("unchecked")
        List<Object> results = (List<Object>)
                Json.parseObject(json.getBytes(StandardCharsets.UTF_8)).get("results");
        return results;
    }
}
