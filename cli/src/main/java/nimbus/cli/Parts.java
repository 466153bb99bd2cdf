package nimbus.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends a file's parts to their presigned URLs, a few at a time, each read from the file when it goes (never the
 * whole file in memory). A part is plain HTTP PUT to S3: the SDK's transfer manager needs AWS credentials, which a
 * dialect key is not.
 */
final class Parts {
    static final int PARALLEL = 4;

    private Parts() {}

    /**
     * PUTs every part that has a {@code url} (the upload's parts, as the API lists them), at most {@code limit} of
     * them; the number sent.
     */
    static int send(
            HttpClient http, Path file, List<Map<String, Object>> parts, long partSize, int limit, Progress progress) {
        List<Map<String, Object>> todo = new ArrayList<>();
        for (Map<String, Object> part : parts) {
            if (part.get("url") != null && todo.size() < limit) todo.add(part);
        }
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            List<Future<?>> sent = new ArrayList<>();
            for (Map<String, Object> part : todo) {
                sent.add(pool.submit(() -> {
                    put(http, channel, part, partSize);
                    progress.add(((Number) part.get("size")).longValue());
                    return null;
                }));
            }
            Api.Failed.awaitAll(sent);
            return todo.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void put(HttpClient http, FileChannel channel, Map<String, Object> part, long partSize)
            throws IOException, InterruptedException {
        Object numbered = part.containsKey("part_number") ? part.get("part_number") : part.get("partNumber");
        int number = ((Number) numbered).intValue();
        int size = ((Number) part.get("size")).intValue();
        ByteBuffer buffer = ByteBuffer.allocate(size);
        long offset = (number - 1L) * partSize;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) throw new IOException("the file got shorter");
        }
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create((String) part.get("url")))
                        .timeout(Duration.ofMinutes(5))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(buffer.array()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new Api.Failed("part " + number + " refused by storage: " + response.statusCode());
        }
    }
}
