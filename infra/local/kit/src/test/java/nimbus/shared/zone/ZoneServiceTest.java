package nimbus.shared.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nimbus.local.kit.TestStack;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import org.junit.jupiter.api.Test;

/** Zones and their hostname registry, against moto. */
class ZoneServiceTest {
    private final ZoneService zones = TestStack.context().getBean(ZoneService.class);
    private final ZoneTable table = TestStack.context().getBean(ZoneTable.class);
    private final Account alice = newAccount();
    private final Account bob = newAccount();

    private static Account newAccount() {
        return TestStack.context()
                .getBean(AccountService.class)
                .create("zones-" + System.nanoTime() + "@example.test", "Zones", QuotaTier.UNVERIFIED);
    }

    @Test
    void everyAccountHasAnEmptyFilesZoneThatIsNotListedOrDeletable() {
        Zone files = zones.filesZone(alice.id());
        assertEquals(ZoneKind.FILES, files.kind());
        assertEquals(alice.filesZoneId(), files.id());
        assertEquals(0, files.fileCount());
        assertTrue(zones.list(alice.id()).isEmpty());
        assertThrows(InvalidInput.class, () -> zones.delete(alice.id(), files.id()));
        assertThrows(NotFound.class, () -> zones.filesZone("usr_nobody"));
    }

    @Test
    void aNewZoneGetsANumericIdAndAHostnameUnderTheZoneDomain() {
        Zone push = zones.create(alice.id(), "assets", ZoneKind.PUSH, null);
        Zone pull = zones.create(alice.id(), "site", ZoneKind.PULL, "https://origin.example.com");
        assertTrue(push.id().matches("\\d+"), push.id());
        assertEquals(Long.parseLong(push.id()) + 1, Long.parseLong(pull.id()), "zone numbers are handed out in order");
        assertEquals("assets-" + Long.toHexString(Long.parseLong(push.id())) + ".cdn.test", push.hostname());
        assertEquals("https://origin.example.com", pull.originUrl());
        assertEquals(
                List.of(push.id(), pull.id()),
                zones.list(alice.id()).stream().map(Zone::id).toList());
        assertEquals(
                new HostEntry(push.hostname(), push.id(), alice.id(), false),
                table.resolveHost(push.hostname()).orElseThrow());
    }

    @Test
    void anotherAccountsZoneReadsAsMissing() {
        Zone zone = zones.create(alice.id(), "mine", ZoneKind.PUSH, null);
        assertEquals(
                Subject.ZONE,
                assertThrows(NotFound.class, () -> zones.require(bob.id(), zone.id()))
                        .subject());
        assertThrows(NotFound.class, () -> zones.delete(bob.id(), zone.id()));
        assertThrows(NotFound.class, () -> zones.addAlias(bob.id(), zone.id(), "cdn.bob.example"));
        assertTrue(zones.list(bob.id()).isEmpty());
        assertEquals(zone, zones.require(alice.id(), zone.id()));
    }

    @Test
    void zoneNamesAndOriginsAreValidated() {
        assertEquals(
                InvalidInput.Problem.MISSING,
                invalid(() -> zones.create(alice.id(), " ", ZoneKind.PUSH, null))
                        .problem());
        assertEquals(
                InvalidInput.Problem.TOO_LONG,
                invalid(() -> zones.create(alice.id(), "a".repeat(21), ZoneKind.PUSH, null))
                        .problem());
        assertEquals(
                InvalidInput.Problem.MALFORMED,
                invalid(() -> zones.create(alice.id(), "Big_Name", ZoneKind.PUSH, null))
                        .problem());
        assertEquals(
                InvalidInput.Problem.MALFORMED,
                invalid(() -> zones.create(alice.id(), "-edge", ZoneKind.PUSH, null))
                        .problem());
        assertEquals(
                "originurl",
                invalid(() -> zones.create(alice.id(), "site", ZoneKind.PULL, ""))
                        .field());
        assertEquals(
                "type",
                invalid(() -> zones.create(alice.id(), "files", ZoneKind.FILES, null))
                        .field());
        assertEquals(
                "a".repeat(20),
                zones.create(alice.id(), "a".repeat(20), ZoneKind.PUSH, null).name());
        assertEquals(1, zones.list(alice.id()).size(), "refused zones leave nothing behind");
    }

    @Test
    void anAliasIsUniqueAcrossAccountsAndFreedWhenRemoved() {
        Zone mine = zones.create(alice.id(), "mine", ZoneKind.PUSH, null);
        Zone theirs = zones.create(bob.id(), "theirs", ZoneKind.PUSH, null);
        String alias = "cdn-" + System.nanoTime() + ".example.com";
        zones.addAlias(alice.id(), mine.id(), alias.toUpperCase() + ".");
        Conflict taken = assertThrows(Conflict.class, () -> zones.addAlias(bob.id(), theirs.id(), alias));
        assertEquals(Conflict.Reason.ALREADY_EXISTS, taken.reason());
        assertEquals(alias, taken.value());
        assertThrows(
                Conflict.class,
                () -> zones.addAlias(bob.id(), theirs.id(), mine.hostname()),
                "a zone's own hostname is taken too");
        assertEquals(mine.id(), table.resolveHost(alias).orElseThrow().zoneId());

        assertThrows(NotFound.class, () -> zones.removeAlias(bob.id(), theirs.id(), alias));
        zones.removeAlias(alice.id(), mine.id(), alias);
        assertTrue(table.resolveHost(alias).isEmpty());
        zones.addAlias(bob.id(), theirs.id(), alias);
        assertEquals(theirs.id(), table.resolveHost(alias).orElseThrow().zoneId());
    }

    @Test
    void hostnamesMustBeHostnames() {
        Zone zone = zones.create(alice.id(), "hosts", ZoneKind.PUSH, null);
        for (String bad :
                List.of("", "localhost", "a..example.com", "-x.example.com", "x.example.com/path", "x y.example.com")) {
            assertThrows(InvalidInput.class, () -> zones.addAlias(alice.id(), zone.id(), bad), bad);
        }
        assertEquals(
                List.of(zone.hostname()),
                table.hostsOf(zone.id()).stream().map(HostEntry::hostname).toList());
    }

    @Test
    void concurrentClaimsOfOneHostnameHaveExactlyOneWinner() throws Exception {
        String alias = "race-" + System.nanoTime() + ".example.com";
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Account owner = i % 2 == 0 ? alice : bob;
            Zone zone = zones.create(owner.id(), "race" + i, ZoneKind.PUSH, null);
            claims.add(() -> {
                try {
                    zones.addAlias(owner.id(), zone.id(), alias);
                    return true;
                } catch (Conflict lost) {
                    return false;
                }
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            long winners = 0;
            for (Future<Boolean> claim : pool.invokeAll(claims)) if (claim.get()) winners++;
            assertEquals(1, winners);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void deletingAZoneFreesItsHostnamesButAZoneWithFilesStays() {
        Zone zone = zones.create(alice.id(), "gone", ZoneKind.PUSH, null);
        String alias = "gone-" + System.nanoTime() + ".example.com";
        zones.addAlias(alice.id(), zone.id(), alias);

        TestStack.setZoneCounter(zone.id(), "fileCount", 2);
        Conflict full = assertThrows(Conflict.class, () -> zones.delete(alice.id(), zone.id()));
        assertEquals(Conflict.Reason.NOT_EMPTY, full.reason());
        assertEquals(2, full.count());
        assertTrue(table.resolveHost(zone.hostname()).isPresent());
        assertTrue(table.resolveHost(alias).isPresent(), "a refused delete keeps the aliases too");

        TestStack.setZoneCounter(zone.id(), "fileCount", 0);
        zones.delete(alice.id(), zone.id());
        assertThrows(NotFound.class, () -> zones.require(alice.id(), zone.id()));
        assertFalse(table.resolveHost(zone.hostname()).isPresent());
        assertFalse(table.resolveHost(alias).isPresent());
    }

    private static InvalidInput invalid(Runnable call) {
        return assertThrows(InvalidInput.class, call::run);
    }
}
