package nimbus.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;

/**
 * One kept-alive connection against a fresh connection per request, to a running local gateway
 * (infra/local/run). A kept-alive median far above the fresh one is Nagle's algorithm meeting the
 * client's delayed ACK: the server has not set TCP_NODELAY.
 *
 * <pre>java -cp infra/bench/target/classes nimbus.bench.KeepAliveBench [base URL] [path] [requests]</pre>
 *
 * Defaults: http://127.0.0.1:3000, /api/v4/me (its 401 without a key times the gateway just as well), 100.
 */
public final class KeepAliveBench {
    private KeepAliveBench() {}

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(
                (args.length > 0 ? args[0] : "http://127.0.0.1:3000") + (args.length > 1 ? args[1] : "/api/v4/me"));
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        HttpClient keptAlive = client();
        for (int i = 0; i < 20; i++) time(keptAlive, request);

        long[] kept = new long[requests];
        for (int i = 0; i < requests; i++) kept[i] = time(keptAlive, request);
        long[] fresh = new long[requests];
        for (int i = 0; i < requests; i++) fresh[i] = time(client(), request);

        double keptMedian = new Stats(kept).median();
        double freshMedian = new Stats(fresh).median();
        System.out.printf(
                "GET %s, %d requests each: p50 kept-alive %s ms, fresh connection %s ms, kept/fresh %s%n",
                uri, requests, Stats.ms3(keptMedian), Stats.ms3(freshMedian), Stats.ratio(keptMedian, freshMedian));
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static long time(HttpClient client, HttpRequest request) throws Exception {
        long start = System.nanoTime();
        client.send(request, BodyHandlers.discarding());
        return System.nanoTime() - start;
    }
}
