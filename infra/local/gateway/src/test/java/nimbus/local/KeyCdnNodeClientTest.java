package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.http.Json;
import nimbus.shared.usage.Prices;
import nimbus.shared.zone.Referrer;
import nimbus.shared.zone.ReferrerService;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The npm {@code keycdn} 0.2.2 client, unchanged, against the local gateway: {@code npm ci} installs it from the npm
 * registry (package-lock.json pins it) into a copy of infra/local/clients/keycdn-node under target/, and
 * {@code check.js} drives every call the client offers (get, post, put, del) on zones, purges, zone aliases, zone referrers
 * and reports, asserting the values each returns. This test then checks what the script left stored. Node and npm
 * must be on the PATH (CI machines have Node 20 and npm): without them the test fails and says so; it never skips.
 */
class KeyCdnNodeClientTest {
    private static final long DAY = 86400;
    // Ticks from a fixed morning (the report days are known), so the client's one-second pauses between purges
    // pass as they do for a deployed user.
    private static final Clock clock =
            Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), Instant.parse("2031-05-06T07:08:05Z")));
    private static Path work;
    private static Gateway gateway;

    @BeforeAll
    static void installTheClientAndStartTheStack() throws Exception {
        for (String tool : List.of("node", "npm")) {
            Result version = run(Path.of("."), 60, tool, "--version");
            if (version == null || version.exit != 0) {
                fail(tool + " is needed for the npm keycdn client test (CI machines have Node 20 and npm): `" + tool
                        + " --version` " + (version == null ? "could not be started" : "failed: " + version.output));
            }
        }
        Path source = Path.of(System.getProperty("nimbus.root", "../../.."))
                .resolve("infra/local/clients/keycdn-node")
                .toAbsolutePath()
                .normalize();
        work = Path.of("target", "keycdn-node").toAbsolutePath();
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "check.js")) {
            Files.copy(source.resolve(file), work.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Result install = run(work, 600, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        if (install == null || install.exit != 0) {
            fail("npm ci of the keycdn client failed (is the npm registry reachable?): "
                    + (install == null ? "npm could not be started" : install.output));
        }
        String version = (String) Json.parseObject(Files.readAllBytes(work.resolve("node_modules/keycdn/package.json")))
                .get("version");
        assertEquals("0.2.2", version, "package-lock.json pins keycdn 0.2.2");
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.containersWith(clock), 0);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) gateway.close();
    }

    record Result(int exit, String output) {}

    /** Runs a command; null when it cannot be started (not on the PATH). */
    private static Result run(Path dir, long timeoutSeconds, String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return null;
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            reader.join();
            return new Result(-1, "did not end within " + timeoutSeconds + " s: " + output);
        }
        reader.join();
        return new Result(process.exitValue(), output.toString());
    }

    private static String credits(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }

    @Test
    void everyCallTheClientOffersReturnsWhatTheSeedSays() throws Exception {
        TestAccount caller = Accounts.keyCdn();
        TestAccount other = Accounts.keyCdn();
        String otherZone = TestStack.context()
                .getBean(ZoneService.class)
                .create(other.id(), "othernode", nimbus.shared.zone.ZoneKind.PUSH, null)
                .id();

        // Staged storage (10 GB) and the reports it gives: the creation day and the next, then the balance to now.
        long bytes = 10_000_000_000L;
        TestStack.setAccountCounter(caller.id(), "storageUsed", bytes);
        long createdDay = Math.floorDiv(caller.account().createdAt().getEpochSecond(), DAY) * DAY;
        List<Map<String, String>> storage = new ArrayList<>();
        List<Map<String, String>> bookings = new ArrayList<>();
        for (long day : new long[] {createdDay, createdDay + DAY}) {
            storage.add(Map.of("amount", Long.toString(bytes), "timestamp", Long.toString(day)));
            bookings.add(row(credits(Prices.storage(bytes, 1).negate()), "storage", day));
            bookings.add(row("0", "traffic", day));
        }
        long days = (Math.floorDiv(clock.instant().getEpochSecond(), DAY) * DAY - createdDay) / DAY + 1;
        Map<String, Object> staged = new LinkedHashMap<>();
        staged.put("otherZone", otherZone);
        staged.put("start", Long.toString(createdDay));
        staged.put("end", Long.toString(createdDay + DAY));
        staged.put("storage", storage);
        staged.put("credits", bookings);
        staged.put("balance", credits(Prices.INITIAL_CREDITS.subtract(Prices.storage(bytes, days))));

        Result result = run(
                work,
                600,
                "node",
                "check.js",
                gateway.baseUrl(),
                caller.key(),
                new String(Json.write(staged), StandardCharsets.UTF_8));
        assertTrue(result != null && result.exit == 0, "check.js failed: " + (result == null ? "" : result.output));
        String last = result.output.strip().lines().reduce((a, b) -> b).orElse("");
        Map<String, Object> summary = Json.parseObject(last.getBytes(StandardCharsets.UTF_8));
        assertEquals("npm keycdn 0.2.2", summary.get("ok"));

        // What the client left is stored: its pull zone with expire, gzip and cors changed, and one referrer.
        var zones = TestStack.context().getBean(ZoneService.class).list(caller.id());
        assertEquals(
                List.of(summary.get("zone")), zones.stream().map(z -> z.id()).toList());
        assertEquals("43200", zones.get(0).settings().get("expire"));
        assertEquals("enabled", zones.get(0).settings().get("gzip"));
        assertEquals("enabled", zones.get(0).settings().get("cors"));
        List<Referrer> referrers =
                TestStack.context().getBean(ReferrerService.class).list(caller.id());
        assertEquals(
                List.of("example.com"), referrers.stream().map(Referrer::name).toList());
        assertEquals(summary.get("referrer"), referrers.get(0).id());
        // Its three purges were recorded (whole zone, two URLs of its alias, a tag purge: the whole zone again).
        List<nimbus.shared.purge.Purge> purges = TestStack.context()
                .getBean(nimbus.shared.purge.PurgeTable.class)
                .listByZone((String) summary.get("zone"));
        assertEquals(
                List.of(true, false, true),
                purges.stream().map(p -> p.wholeZone()).toList());
        assertEquals(List.of("/css/style.css", "/js/app.js"), purges.get(1).paths());
        // The other account's zone was refused, not touched.
        assertEquals(
                "othernode",
                TestStack.context()
                        .getBean(ZoneService.class)
                        .require(other.id(), otherZone)
                        .name());
    }

    private static Map<String, String> row(String amount, String type, long timestamp) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("amount", amount);
        row.put("type", type);
        row.put("timestamp", Long.toString(timestamp));
        return row;
    }
}
