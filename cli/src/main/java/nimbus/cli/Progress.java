package nimbus.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** One line on stderr, redrawn at most five times a second: bar, bytes sent of the total, rate and time left. */
final class Progress {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong sent = new AtomicLong();
    private final long alreadySent;
    private volatile long lastDrawn;

    Progress(PrintStream out, String label, long total, long alreadySent) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.alreadySent = alreadySent;
        sent.set(alreadySent);
    }

    /** Counts, draws nothing. */
    static Progress silent(long total) {
        return new Progress(new PrintStream(java.io.OutputStream.nullOutputStream()), "", total, 0);
    }

    void add(long bytes) {
        sent.addAndGet(bytes);
        long now = System.nanoTime();
        if (now - lastDrawn > 200_000_000L) {
            lastDrawn = now;
            draw(false);
        }
    }

    void done() {
        draw(true);
    }

    private synchronized void draw(boolean last) {
        long bytes = Math.min(sent.get(), total);
        double seconds = Math.max(0.001, (System.nanoTime() - started) / 1e9);
        double rate = (bytes - alreadySent) / seconds;
        int filled = total == 0 ? WIDTH : (int) (WIDTH * bytes / total);
        String eta = rate <= 0 ? "?" : Math.round((total - bytes) / rate) + " s";
        out.printf(
                Locale.ROOT,
                "\r%s [%s%s] %s / %s  %s/s  ETA %s   %s",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                size(bytes),
                size(total),
                size((long) rate),
                last ? "0 s" : eta,
                last ? "\n" : "");
        out.flush();
    }

    static String size(long bytes) {
        if (bytes < 1000) return bytes + " B";
        if (bytes < 1000 * 1000) return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        if (bytes < 1000L * 1000 * 1000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
