package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import nimbus.cli.NimbusCli;
import nimbus.hackclub.HackClubKeys;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import nimbus.local.kit.TestStack.TestAccount;
import nimbus.shared.Settings;
import nimbus.shared.account.QuotaTier;
import nimbus.shared.files.FileRecord;
import nimbus.shared.http.Json;
import nimbus.shared.purge.Purge;
import nimbus.shared.purge.PurgeService;
import nimbus.shared.zone.Zone;
import nimbus.shared.zone.ZoneFile;
import nimbus.shared.zone.ZoneFiles;
import nimbus.shared.zone.ZoneKind;
import nimbus.shared.zone.ZoneService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The users' CLI (cli/nimbus) driven as a user runs it, against the local gateway and moto. */
class NimbusCliEndToEndTest {
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        // 200 files are 600 calls: KeyCDN's 60 a minute per key would make the CLI wait out its 429s for minutes
        System.setProperty("NIMBUS_KEYCDN_RATE_LIMIT", "100000");
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.context(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        System.clearProperty("NIMBUS_KEYCDN_RATE_LIMIT");
    }

    record Run(int status, String out, String err) {}

    @Test
    void pushSyncsAFolderUploadingAndPurgingOnlyWhatChanged(@TempDir Path dir, @TempDir Path state) throws Exception {
        TestAccount alice = Accounts.keyCdn();
        Zone zone = TestStack.context()
                .getBean(ZoneService.class)
                .create(alice.id(), "site" + (System.nanoTime() % 100000), ZoneKind.PUSH, null, Map.of());
        for (int i = 0; i < 200; i++) {
            Path file = dir.resolve("assets/" + (i % 10) + "/file-" + i + ".txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "file number " + i + "\n");
        }
        String[] push = {
            "push",
            dir.toString(),
            "--zone",
            zone.id(),
            "--api",
            gateway.baseUrl(),
            "--key",
            alice.key(),
            "--state-dir",
            state.toString()
        };

        Run first = run(push);
        assertEquals(0, first.status(), first.toString());
        assertTrue(first.out().contains("200 uploaded, 0 unchanged, 0 deleted"), first.out());
        List<ZoneFile> listed = files(alice, zone);
        assertEquals(200, listed.size());
        assertArrayEquals("file number 7\n".getBytes(StandardCharsets.UTF_8), object(zone, "/assets/7/file-7.txt"));
        int purgesBefore = purges(zone).size();

        Run second = run(push);
        assertEquals(0, second.status(), second.toString());
        assertTrue(second.out().contains("0 uploaded, 200 unchanged, 0 deleted"), second.out());
        assertEquals(purgesBefore, purges(zone).size(), "nothing changed, nothing purged");

        Files.writeString(dir.resolve("assets/3/file-13.txt"), "changed\n");
        Run third = run(push);
        assertEquals(0, third.status(), third.toString());
        assertTrue(third.out().contains("1 uploaded, 199 unchanged, 0 deleted"), third.out());
        assertArrayEquals("changed\n".getBytes(StandardCharsets.UTF_8), object(zone, "/assets/3/file-13.txt"));
        List<Purge> purges = purges(zone);
        assertEquals(purgesBefore + 1, purges.size(), "one purge for the one changed file");
        assertTrue(
                purges.stream()
                        .anyMatch(p -> p.paths().stream().anyMatch(path -> path.endsWith("/assets/3/file-13.txt"))),
                purges.toString());

        Files.delete(dir.resolve("assets/0/file-0.txt"));
        List<String> withDelete = new ArrayList<>(List.of(push));
        withDelete.add("--delete");
        Run fourth = run(withDelete.toArray(String[]::new));
        assertEquals(0, fourth.status(), fourth.toString());
        assertTrue(fourth.out().contains("0 uploaded, 199 unchanged, 1 deleted"), fourth.out());
        assertEquals(199, files(alice, zone).size());
    }

    @Test
    void uploadSendsALargeFileAndResumesAnInterruptedOne(@TempDir Path dir, @TempDir Path state) throws Exception {
        TestAccount alice = TestStack.account(QuotaTier.VERIFIED, HackClubKeys.FORMAT, Set.of());
        byte[] data = new byte[20 * 1000 * 1000];
        new Random(5).nextBytes(data);
        Path file = dir.resolve("clip.mov");
        Files.write(file, data);
        String[] upload = {
            "upload", file.toString(), "--api", gateway.baseUrl(), "--key", alice.key(), "--state-dir", state.toString()
        };

        List<String> stopping = new ArrayList<>(List.of(upload));
        stopping.addAll(List.of("--max-parts", "1"));
        Run interrupted = run(stopping.toArray(String[]::new));
        assertEquals(3, interrupted.status(), interrupted.toString());
        assertTrue(interrupted.err().contains("2 parts left"), interrupted.err());

        Run resumed = run(upload);
        assertEquals(0, resumed.status(), resumed.toString());
        assertTrue(resumed.err().contains("1 of 3 parts already sent"), resumed.err());
        assertTrue(resumed.err().contains("20.0 MB / 20.0 MB"), "a progress line: " + resumed.err());
        Map<String, Object> stored = Json.parseObject(resumed.out().trim().getBytes(StandardCharsets.UTF_8));
        assertEquals("clip.mov", stored.get("filename"));
        assertEquals((long) data.length, ((Number) stored.get("size")).longValue());
        assertArrayEquals(
                data,
                s3().getObjectAsBytes(g ->
                                g.bucket(Settings.assetsBucket()).key(FileRecord.blobKey((String) stored.get("id"))))
                        .asByteArray());
        try (var left = Files.list(state)) {
            assertEquals(0, left.count(), "a finished upload is forgotten");
        }
    }

    @Test
    void aWrongKeyOrZoneEndsWithAClearMessage(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.txt"), "a");
        Run run = run("push", dir.toString(), "--zone", "999999", "--api", gateway.baseUrl(), "--key", "nope");
        assertEquals(1, run.status(), run.toString());
        assertTrue(run.err().contains("refused"), run.err());
    }

    // ------------------------------------------------------------------------------------ helpers

    /** Runs the CLI in this JVM, with its stdout and stderr captured. */
    private static synchronized Run run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(outBytes, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        try {
            int status = NimbusCli.run(args);
            return new Run(
                    status, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static List<ZoneFile> files(TestAccount who, Zone zone) {
        return TestStack.context().getBean(ZoneFiles.class).list(who.id(), zone.id(), null);
    }

    private static List<Purge> purges(Zone zone) {
        return TestStack.context().getBean(PurgeService.class).list(zone);
    }

    private static byte[] object(Zone zone, String path) {
        return s3().getObjectAsBytes(g -> g.bucket(Settings.assetsBucket()).key(ZoneFile.blobKey(zone.id(), path)))
                .asByteArray();
    }

    private static S3Client s3() {
        return TestStack.context().getBean(S3Client.class);
    }
}
