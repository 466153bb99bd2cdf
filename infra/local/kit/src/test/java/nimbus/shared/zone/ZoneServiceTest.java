package nimbus.shared.zone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nimbus.local.kit.TestStack;
import nimbus.shared.Settings;
import nimbus.shared.account.Account;
import nimbus.shared.account.AccountService;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.error.Conflict;
import nimbus.shared.error.InvalidInput;
import nimbus.shared.error.NotFound;
import nimbus.shared.error.Subject;
import nimbus.shared.store.Items;
import nimbus.shared.store.Keys;
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
        assertEquals(
                InvalidInput.Problem.MALFORMED,
                invalid(() -> zones.create(alice.id(), "my-zone", ZoneKind.PUSH, null))
                        .problem(),
                "names are alphanumeric, as the richest seed says");
        assertEquals(1, zones.list(alice.id()).size(), "refused zones leave nothing behind");
    }

    @Test
    void aNameKeepsItsCaseAndTheHostnameIsLowerCase() {
        Zone zone = zones.create(alice.id(), "MyZone2", ZoneKind.PUSH, null);
        assertEquals("MyZone2", zone.name());
        assertEquals("myzone2-" + Long.toHexString(Long.parseLong(zone.id())) + ".cdn.test", zone.hostname());
    }

    @Test
    void originUrlsAreSchemeAndHostOnly() {
        for (String good : List.of(
                "https://origin.example.com", "http://origin.example.com:8080", "https://10.0.0.1", "HTTPS://Ex.COM")) {
            assertEquals(
                    good,
                    zones.create(alice.id(), "ok", ZoneKind.PULL, " " + good + " ")
                            .originUrl(),
                    good);
        }
        assertEquals(
                "https://origin.example.com",
                zones.create(alice.id(), "slash", ZoneKind.PULL, "https://origin.example.com/")
                        .originUrl());
        for (String bad : List.of(
                "origin.example.com",
                "ftp://origin.example.com",
                "https://",
                "https://origin.example.com/index.html",
                "https://origin.example.com?q=1",
                "https://user:pw@origin.example.com",
                "https://localhost",
                "https://exa mple.com")) {
            InvalidInput e = invalid(() -> zones.create(alice.id(), "bad", ZoneKind.PULL, bad));
            assertTrue(e.is("originurl", InvalidInput.Problem.MALFORMED), bad);
        }
        String longest = "https://" + "a".repeat(50) + "." + "b".repeat(50) + "." + "c".repeat(14) + ".com";
        assertEquals(128, longest.length());
        InvalidInput tooLong = invalid(() -> zones.create(alice.id(), "long", ZoneKind.PULL, longest + "m"));
        assertTrue(tooLong.is("originurl", InvalidInput.Problem.TOO_LONG));
        assertEquals(128, tooLong.limit());
        assertEquals(
                longest,
                zones.create(alice.id(), "longest", ZoneKind.PULL, longest).originUrl());
        assertNull(
                zones.create(alice.id(), "push", ZoneKind.PUSH, "not a url").originUrl(),
                "a push zone ignores an origin");
    }

    @Test
    void aNewZoneStoresTheDefaultsOverlaidWithItsSettings() {
        Zone zone = zones.create(
                alice.id(), "set", ZoneKind.PULL, "https://o.example.com", Map.of("cors", "enabled", "expire", " 60 "));
        Map<String, String> expected = new HashMap<>(ZoneSettings.DEFAULTS);
        expected.put("cors", "enabled");
        expected.put("expire", "60");
        assertEquals(expected, zone.settings());
        assertEquals(zone, zones.require(alice.id(), zone.id()));
        assertEquals(
                ZoneSettings.DEFAULTS,
                zones.create(alice.id(), "plain", ZoneKind.PUSH, null).settings());

        InvalidInput bad = invalid(() -> zones.create(alice.id(), "bad", ZoneKind.PUSH, null, Map.of("gzip", "yes")));
        assertTrue(bad.is("gzip", InvalidInput.Problem.NOT_ALLOWED));
        assertEquals(2, zones.list(alice.id()).size(), "a refused zone leaves nothing behind");
        assertEquals(Map.of(), zones.filesZone(alice.id()).settings());
    }

    @Test
    void anUpdateMergesItsChangesAndLeavesTheRestAsItIs() {
        Zone zone = zones.create(alice.id(), "edit", ZoneKind.PULL, "https://o.example.com", Map.of("cors", "enabled"));
        Zone first = zones.update(alice.id(), zone.id(), null, null, Map.of("expire", "43200"));
        Zone second =
                zones.update(alice.id(), zone.id(), null, null, Map.of("gzip", "enabled", "securetokenkey", "abcd"));
        Map<String, String> expected = new HashMap<>(ZoneSettings.DEFAULTS);
        expected.putAll(Map.of("cors", "enabled", "expire", "43200", "gzip", "enabled", "securetokenkey", "abcd"));
        assertEquals(expected, second.settings());
        assertEquals("43200", first.settings().get("expire"));
        assertEquals(second, zones.require(alice.id(), zone.id()));
        assertEquals(zone.name(), second.name());
        assertEquals(zone.originUrl(), second.originUrl());
        assertEquals(zone.hostname(), second.hostname());
        assertEquals(zone.createdAt(), second.createdAt());
    }

    @Test
    void aRenameKeepsTheHostnameAndAnOriginCanMove() {
        Zone zone = zones.create(alice.id(), "before", ZoneKind.PULL, "https://o.example.com");
        Zone renamed = zones.update(alice.id(), zone.id(), " After1 ", "https://new.example.com/", null);
        assertEquals("After1", renamed.name());
        assertEquals("https://new.example.com", renamed.originUrl());
        assertEquals(zone.hostname(), renamed.hostname(), "a rename leaves the hostname");
        assertEquals(zone.id(), table.resolveHost(zone.hostname()).orElseThrow().zoneId());
        assertEquals(renamed, zones.require(alice.id(), zone.id()));
        assertEquals(renamed, zones.update(alice.id(), zone.id(), null, null, Map.of()), "nothing to change");
    }

    @Test
    void anUpdateIsValidatedWhole() {
        Zone pull = zones.create(alice.id(), "strict", ZoneKind.PULL, "https://o.example.com");
        assertTrue(
                invalid(() -> zones.update(alice.id(), pull.id(), null, " ", null))
                        .is("originurl", InvalidInput.Problem.MISSING),
                "a pull zone keeps needing an origin");
        assertTrue(invalid(() -> zones.update(alice.id(), pull.id(), null, "ftp://o.example.com", null))
                .is("originurl", InvalidInput.Problem.MALFORMED));
        assertTrue(invalid(() -> zones.update(alice.id(), pull.id(), "a-b", null, null))
                .is("name", InvalidInput.Problem.MALFORMED));
        assertTrue(invalid(() -> zones.update(alice.id(), pull.id(), "", null, null))
                .is("name", InvalidInput.Problem.MISSING));
        assertTrue(invalid(() -> zones.update(alice.id(), pull.id(), "fine", null, Map.of("cachemaxexpire", "0")))
                .is("cachemaxexpire", InvalidInput.Problem.NOT_ALLOWED));
        assertTrue(invalid(() -> zones.update(alice.id(), pull.id(), null, null, Map.of("nosuch", "x")))
                .is("nosuch", InvalidInput.Problem.NOT_ALLOWED));
        assertEquals(pull, zones.require(alice.id(), pull.id()), "a refused update changes nothing");

        Zone push = zones.create(alice.id(), "pushed", ZoneKind.PUSH, null);
        assertNull(zones.update(alice.id(), push.id(), null, "https://o.example.com", null)
                .originUrl());

        String files = alice.filesZoneId();
        assertTrue(invalid(() -> zones.update(alice.id(), files, "x", null, null))
                .is("zone", InvalidInput.Problem.NOT_ALLOWED));
    }

    @Test
    void anotherAccountsZoneCannotBeUpdated() {
        Zone zone = zones.create(alice.id(), "private", ZoneKind.PUSH, null);
        NotFound missing = assertThrows(
                NotFound.class, () -> zones.update(bob.id(), zone.id(), "stolen", null, Map.of("cors", "enabled")));
        assertEquals(Subject.ZONE, missing.subject());
        assertThrows(NotFound.class, () -> zones.update(alice.id(), "999999999", null, null, Map.of()));
        assertEquals(zone, zones.require(alice.id(), zone.id()));
    }

    @Test
    void theTableRefusesAnUpdateByAnotherOwnerOrOfAMissingZone() {
        Zone zone = zones.create(alice.id(), "guarded", ZoneKind.PUSH, null);
        Zone asBob = new Zone(
                zone.id(),
                bob.id(),
                zone.kind(),
                zone.name(),
                zone.hostname(),
                null,
                0,
                0,
                0,
                zone.createdAt(),
                Map.of());
        assertTrue(table.update(asBob, "x", null, Map.of("cors", "enabled")).isEmpty());
        zones.delete(alice.id(), zone.id());
        assertTrue(table.update(zone, "x", null, Map.of("cors", "enabled")).isEmpty());
    }

    @Test
    void aZoneStoredWithoutSettingsReadsEmptyAndTakesUpdates() {
        Zone zone = zones.create(alice.id(), "legacy", ZoneKind.PUSH, null);
        TestStack.dynamo()
                .updateItem(u -> u.tableName(Settings.tableName())
                        .key(Items.key(Keys.zone(zone.id()), Keys.ZONE_SK))
                        .updateExpression("REMOVE settings"));
        assertEquals(Map.of(), zones.require(alice.id(), zone.id()).settings());
        Zone updated = zones.update(alice.id(), zone.id(), null, null, Map.of("dirlist", "enabled"));
        assertEquals(Map.of("dirlist", "enabled"), updated.settings());
        assertEquals(
                Map.of("dirlist", "enabled", "cors", "enabled"),
                zones.update(alice.id(), zone.id(), null, null, Map.of("cors", "enabled"))
                        .settings());
    }

    @Test
    void concurrentUpdatesOfDifferentFieldsAllLand() throws Exception {
        Zone zone = zones.create(alice.id(), "busy", ZoneKind.PULL, "https://o.example.com");
        List<String> switches = List.of("cors", "gzip", "imgproc", "forcessl", "dirlist", "cachebr", "cacherobots");
        List<Callable<Zone>> updates = new ArrayList<>();
        for (String name : switches)
            updates.add(() -> zones.update(alice.id(), zone.id(), null, null, Map.of(name, "enabled")));
        updates.add(() -> zones.update(alice.id(), zone.id(), "Busier", null, null));
        ExecutorService pool = Executors.newFixedThreadPool(updates.size());
        try {
            for (Future<Zone> update : pool.invokeAll(updates)) update.get();
        } finally {
            pool.shutdown();
        }
        Zone now = zones.require(alice.id(), zone.id());
        for (String name : switches) assertEquals("enabled", now.settings().get(name), name);
        assertEquals("Busier", now.name());
        assertEquals("disabled", now.settings().get("forcedownload"));
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

    private final ReferrerService referrers = TestStack.context().getBean(ReferrerService.class);

    private static String host(String label) {
        return label + "-" + System.nanoTime() + ".example.com";
    }

    @Test
    void aliasesHaveNumericIdsAndAreListedPerAccountAndReadAsMissingToOthers() {
        Zone zone = zones.create(alice.id(), "aliased", ZoneKind.PULL, "https://origin.example.com");
        Alias first = zones.addAlias(alice.id(), zone.id(), host("one").toUpperCase());
        Alias second = zones.addAlias(alice.id(), zone.id(), host("two"));
        assertTrue(first.id().matches("\\d+"), first.id());
        assertTrue(Long.parseLong(second.id()) > Long.parseLong(first.id()));
        assertEquals(first.name().toLowerCase(), first.name());
        assertEquals(List.of(first, second), zones.aliases(alice.id()));
        assertEquals(first, zones.alias(alice.id(), first.id()));
        assertEquals(List.of(), zones.aliases(bob.id()));
        NotFound other = assertThrows(NotFound.class, () -> zones.alias(bob.id(), first.id()));
        assertEquals(Subject.ALIAS, other.subject());
        assertThrows(NotFound.class, () -> zones.deleteAlias(bob.id(), first.id()));
        assertThrows(NotFound.class, () -> zones.editAlias(bob.id(), first.id(), null, host("x")));
        assertEquals(
                new HostEntry(first.name(), zone.id(), alice.id(), true),
                table.resolveHost(first.name()).orElseThrow());
        InvalidInput tooLong = invalid(() -> zones.addAlias(alice.id(), zone.id(), "a".repeat(120) + ".example.com"));
        assertTrue(tooLong.is("name", InvalidInput.Problem.TOO_LONG));
        assertEquals(128, tooLong.limit());
    }

    @Test
    void editingAnAliasReleasesTheOldHostnameAndClaimsTheNewOneAtOnce() {
        Zone zone = zones.create(alice.id(), "edits", ZoneKind.PUSH, null);
        Zone other = zones.create(alice.id(), "edits2", ZoneKind.PUSH, null);
        Zone theirs = zones.create(bob.id(), "theirs", ZoneKind.PUSH, null);
        String before = host("before");
        String after = host("after");
        String taken = host("taken");
        Alias alias = zones.addAlias(alice.id(), zone.id(), before);
        zones.addAlias(bob.id(), theirs.id(), taken);

        Alias renamed = zones.editAlias(alice.id(), alias.id(), null, after);
        assertEquals(new Alias(alias.id(), zone.id(), alice.id(), after, alias.createdAt()), renamed);
        assertTrue(table.resolveHost(before).isEmpty(), "the old hostname is free");
        assertEquals(zone.id(), table.resolveHost(after).orElseThrow().zoneId());
        zones.addAlias(bob.id(), theirs.id(), before);

        Conflict conflict = assertThrows(Conflict.class, () -> zones.editAlias(alice.id(), alias.id(), null, taken));
        assertEquals(Conflict.Reason.ALREADY_EXISTS, conflict.reason());
        assertEquals(renamed, zones.alias(alice.id(), alias.id()));
        assertEquals(zone.id(), table.resolveHost(after).orElseThrow().zoneId(), "a refused edit keeps its hostname");
        assertEquals(theirs.id(), table.resolveHost(taken).orElseThrow().zoneId());

        Alias moved = zones.editAlias(alice.id(), alias.id(), other.id(), null);
        assertEquals(other.id(), moved.zoneId());
        assertEquals(other.id(), table.resolveHost(after).orElseThrow().zoneId());
        assertEquals(
                List.of(other.hostname(), after).stream().sorted().toList(),
                table.hostsOf(other.id()).stream()
                        .map(HostEntry::hostname)
                        .sorted()
                        .toList());
        NotFound notMine =
                assertThrows(NotFound.class, () -> zones.editAlias(alice.id(), alias.id(), theirs.id(), null));
        assertEquals(Subject.ZONE, notMine.subject());
        assertEquals(moved, zones.alias(alice.id(), alias.id()));

        zones.deleteAlias(alice.id(), alias.id());
        assertTrue(table.resolveHost(after).isEmpty());
        assertThrows(NotFound.class, () -> zones.alias(alice.id(), alias.id()));
        assertThrows(NotFound.class, () -> zones.deleteAlias(alice.id(), alias.id()));
    }

    @Test
    void referrersAreHostnamesOrWildcardsListedPerAccount() {
        Zone zone = zones.create(alice.id(), "refs", ZoneKind.PUSH, null);
        Referrer plain = referrers.add(alice.id(), zone.id(), "Example.com.");
        Referrer wildcard = referrers.add(alice.id(), zone.id(), "*.example.org");
        assertEquals("example.com", plain.name());
        assertEquals("*.example.org", wildcard.name());
        assertEquals(List.of(plain, wildcard), referrers.list(alice.id()));
        assertEquals(List.of(), referrers.list(bob.id()));
        assertEquals(
                Subject.REFERRER,
                assertThrows(NotFound.class, () -> referrers.require(bob.id(), plain.id()))
                        .subject());
        Zone theirs = zones.create(bob.id(), "theirs", ZoneKind.PUSH, null);
        assertEquals(
                Subject.ZONE,
                assertThrows(NotFound.class, () -> referrers.add(alice.id(), theirs.id(), "example.com"))
                        .subject());
        for (String bad : List.of("", "*.", "*", "a*.example.com", "example", "x".repeat(40) + ".example.com")) {
            assertThrows(InvalidInput.class, () -> referrers.add(alice.id(), zone.id(), bad), bad);
        }
        Referrer edited = referrers.edit(alice.id(), plain.id(), null, "example.net");
        assertEquals("example.net", referrers.require(alice.id(), plain.id()).name());
        assertEquals(edited, referrers.require(alice.id(), plain.id()));
        referrers.delete(alice.id(), plain.id());
        assertEquals(List.of(wildcard), referrers.list(alice.id()));
        assertThrows(NotFound.class, () -> referrers.delete(alice.id(), plain.id()));
    }

    @Test
    void aFullZoneRefusesMoreAndItsDeleteRemovesEveryAliasAndReferrerInOneTransaction() {
        Zone zone = zones.create(alice.id(), "full", ZoneKind.PUSH, null);
        Zone keep = zones.create(alice.id(), "keep", ZoneKind.PUSH, null);
        List<Alias> aliases = new ArrayList<>();
        for (int i = 0; i < ZoneService.MAX_ALIASES; i++)
            aliases.add(zones.addAlias(alice.id(), zone.id(), host("a" + i)));
        for (int i = 0; i < ZoneService.MAX_REFERRERS; i++)
            referrers.add(alice.id(), zone.id(), "r" + i + ".example.com");
        InvalidInput moreAliases = invalid(() -> zones.addAlias(alice.id(), zone.id(), host("over")));
        assertTrue(moreAliases.is("aliases", InvalidInput.Problem.TOO_MANY));
        assertEquals(ZoneService.MAX_ALIASES, moreAliases.limit());
        InvalidInput moreReferrers = invalid(() -> referrers.add(alice.id(), zone.id(), "over.example.com"));
        assertTrue(moreReferrers.is("referrers", InvalidInput.Problem.TOO_MANY));
        Alias kept = zones.addAlias(alice.id(), keep.id(), host("kept"));
        Referrer keptReferrer = referrers.add(alice.id(), keep.id(), "kept.example.com");

        zones.delete(alice.id(), zone.id());
        assertThrows(NotFound.class, () -> zones.require(alice.id(), zone.id()));
        for (Alias alias : aliases) {
            assertTrue(table.resolveHost(alias.name()).isEmpty(), alias.name());
            assertThrows(NotFound.class, () -> zones.alias(alice.id(), alias.id()));
        }
        assertEquals(List.of(kept), zones.aliases(alice.id()));
        assertEquals(List.of(keptReferrer), referrers.list(alice.id()));
    }

    @Test
    void aZoneDeleteThatMissedANewAliasIsRefusedAndKeepsEverything() {
        Zone zone = zones.create(alice.id(), "racy", ZoneKind.PUSH, null);
        Alias alias = zones.addAlias(alice.id(), zone.id(), host("racy"));
        // As if an alias came in after the delete listed the zone's hostnames: the counters no longer match.
        TestStack.setZoneCounter(zone.id(), "aliasCount", 2);
        Conflict changed = assertThrows(Conflict.class, () -> zones.delete(alice.id(), zone.id()));
        assertEquals(Conflict.Reason.CHANGED_MEANWHILE, changed.reason());
        assertEquals(alias, zones.alias(alice.id(), alias.id()));
        assertTrue(table.resolveHost(alias.name()).isPresent());
        TestStack.setZoneCounter(zone.id(), "aliasCount", 1);
        zones.delete(alice.id(), zone.id());
        assertTrue(table.resolveHost(alias.name()).isEmpty());
    }

    private static InvalidInput invalid(Runnable call) {
        return assertThrows(InvalidInput.class, call::run);
    }

    // ------------------------------------------------------------------ hostname styles and test mode

    private Zone labelled(Account owner, String name, boolean testMode) {
        return zones.create(new NewZone(
                owner.id(),
                name,
                ZoneKind.PULL,
                "https://origin.example.com",
                "origin",
                Map.of(),
                HostnameStyle.LABEL,
                testMode));
    }

    @Test
    void aLabelZonesHostnameIsItsNameAndTakenOnceAcrossAccounts() {
        String name = "lbl-" + System.nanoTime();
        Zone zone = labelled(alice, name.toUpperCase(), false);
        assertEquals(name, zone.name());
        assertEquals(name + ".cdn.test", zone.hostname());
        assertEquals(ZoneKind.PULL, zone.kind());
        assertFalse(zone.testMode());
        assertEquals(zone, zones.require(alice.id(), zone.id()));
        Conflict taken = assertThrows(Conflict.class, () -> labelled(bob, name, false));
        assertEquals(name + ".cdn.test", taken.value());
        assertEquals(List.of(), zones.list(bob.id()));
    }

    @Test
    void aLabelNameCannotTakeANumberedZonesHostname() {
        Zone numbered = zones.create(alice.id(), "clash", ZoneKind.PUSH, null);
        String label = numbered.hostname().substring(0, numbered.hostname().indexOf('.'));
        assertThrows(Conflict.class, () -> labelled(bob, label, false));
    }

    @Test
    void aLabelNameIsADnsLabelAndTheOriginFieldIsNamedAsGiven() {
        for (String bad : List.of("a_b", "-ab", "ab-", "a.b", "a b")) {
            InvalidInput e = assertThrows(InvalidInput.class, () -> labelled(alice, bad, false), bad);
            assertTrue(e.is("name", InvalidInput.Problem.MALFORMED), bad);
        }
        assertTrue(assertThrows(InvalidInput.class, () -> labelled(alice, "a".repeat(64), false))
                .is("name", InvalidInput.Problem.TOO_LONG));
        InvalidInput origin = assertThrows(
                InvalidInput.class,
                () -> zones.create(new NewZone(
                        alice.id(),
                        "ok",
                        ZoneKind.PULL,
                        "ftp://x.example.com",
                        "origin",
                        Map.of(),
                        HostnameStyle.LABEL,
                        false)));
        assertTrue(origin.is("origin", InvalidInput.Problem.MALFORMED));
        assertEquals(List.of(), zones.list(alice.id()));
    }

    @Test
    void testModeZonesLiveUnderTheTestSubdomainAndApartFromLiveOnes() {
        String name = "tm-" + System.nanoTime();
        Zone live = labelled(alice, name, false);
        Zone test = labelled(alice, name, true);
        assertTrue(test.testMode());
        assertEquals(name + ".test.cdn.test", test.hostname());
        assertEquals(List.of(live), zones.list(alice.id()));
        assertEquals(List.of(live), zones.list(alice.id(), false));
        assertEquals(List.of(test), zones.list(alice.id(), true));
        assertEquals(test, zones.require(alice.id(), test.id(), true));
        assertThrows(NotFound.class, () -> zones.require(alice.id(), test.id()));
        assertThrows(NotFound.class, () -> zones.require(alice.id(), live.id(), true));
        assertThrows(Conflict.class, () -> labelled(bob, name, true));
        // No alias (a hostname a live caller could serve it under) or referrer can be added to it.
        assertThrows(
                NotFound.class,
                () -> zones.addAlias(alice.id(), test.id(), "tm-" + System.nanoTime() + ".example.com"));
        assertThrows(
                NotFound.class,
                () -> TestStack.context().getBean(ReferrerService.class).add(alice.id(), test.id(), "example.com"));
        assertEquals(List.of(), zones.aliases(alice.id()));
    }

    /**
     * Storage reports read the zone's storageUsed: every blob write (FileService.upload, which batch and URL uploads
     * go through) and every delete (one, many) moves it with the account's, in the same transaction.
     */
    @Test
    void theZonesStoredBytesFollowEveryWriteAndDelete() {
        var files = TestStack.context().getBean(nimbus.shared.files.FileService.class);
        var a = files.upload(alice.id(), new nimbus.shared.files.NewFile("a.bin", null, new byte[1000]));
        var b = files.upload(alice.id(), new nimbus.shared.files.NewFile("b.bin", null, new byte[200]));
        files.upload(alice.id(), new nimbus.shared.files.NewFile("c.bin", null, new byte[30]));
        assertEquals(1230, zones.filesZone(alice.id()).storageUsed());
        files.delete(alice.id(), a.id());
        assertEquals(230, zones.filesZone(alice.id()).storageUsed());
        files.deleteMany(alice.id(), List.of(b.id()));
        assertEquals(30, zones.filesZone(alice.id()).storageUsed());
        assertEquals(
                30,
                TestStack.context()
                        .getBean(AccountService.class)
                        .require(alice.id())
                        .storageUsed());
        assertEquals(0, zones.filesZone(bob.id()).storageUsed());
    }
}
