package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Arrays;
import nimbus.local.kit.LocalAws;
import nimbus.local.kit.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kept-alive connections must answer as fast as fresh ones (no Nagle + delayed-ACK stall). The
 * medians are printed, not asserted: timing on a shared machine is too noisy for a test to judge.
 */
class KeepAliveTest {
    private static final int REQUESTS = 30;
    private static Gateway gateway;

    @BeforeAll
    static void start() {
        gateway = Gateway.start(LocalAws.shared().template(), TestStack.context(), 0);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void keptAliveRequestsAreAnsweredWithoutDelay() throws Exception {
        HttpRequest me = HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/api/v4/me"))
                .header("Authorization", "Bearer " + Accounts.hackClub().key())
                .build();
        HttpClient keptAlive = client();
        for (int i = 0; i < 10; i++) time(keptAlive, me); // warm the handler and the JIT

        long before = gateway.connectionsAccepted();
        long[] kept = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) kept[i] = time(keptAlive, me);
        assertEquals(before, gateway.connectionsAccepted(), "the kept-alive client opened another connection");
        long[] fresh = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) fresh[i] = time(client(), me);
        assertEquals(before + REQUESTS, gateway.connectionsAccepted(), "each new client has its own connection");

        double keptMs = median(kept) / 1e6;
        double freshMs = median(fresh) / 1e6;
        System.out.printf(
                "GET /api/v4/me p50: kept-alive %.2f ms, fresh connection %.2f ms, ratio %.2f%n",
                keptMs, freshMs, keptMs / freshMs);
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static long time(HttpClient client, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        int status = client.send(request, BodyHandlers.ofString()).statusCode();
        long elapsed = System.nanoTime() - start;
        assertEquals(200, status);
        return elapsed;
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
