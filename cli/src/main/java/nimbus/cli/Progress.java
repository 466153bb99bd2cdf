package nimbus.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar on stderr: bytes sent of the total, the rate since the start (bytes already in place before a
 * resume do not count toward it) and the time left at that rate. On a terminal it redraws one line at most five
 * times a second; otherwise (a log, a test) it prints a line every two seconds.
 */
final class Progress {
    private static final int WIDTH = 24;

    private final PrintStream err;
    private final String label;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile long lastDraw;

    Progress(PrintStream err, String label, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.total.set(total);
        this.terminal = terminal;
    }

    /** Bytes that were already uploaded (a resumed upload's parts): done, but not sent now. */
    void already(long bytes) {
        done.addAndGet(bytes);
        draw(false);
    }

    void sent(long bytes) {
        done.addAndGet(bytes);
        sent.addAndGet(bytes);
        draw(false);
    }

    void finish() {
        draw(true);
        if (terminal) err.println();
    }

    private synchronized void draw(boolean force) {
        long now = System.nanoTime();
        long interval = terminal ? 200_000_000L : 2_000_000_000L;
        if (!force && now - lastDraw < interval) return;
        lastDraw = now;
        long all = Math.max(1, total.get());
        long d = Math.min(done.get(), all);
        double seconds = Math.max(0.001, (now - started) / 1e9);
        double rate = sent.get() / seconds;
        int filled = (int) (WIDTH * d / all);
        String eta = rate <= 0 ? "--:--" : clock((long) ((all - d) / rate));
        String line = String.format(
                Locale.ROOT,
                "%s [%s%s] %3d%% %s / %s  %s/s  ETA %s",
                label,
                "#".repeat(filled),
                "-".repeat(WIDTH - filled),
                100 * d / all,
                size(d),
                size(total.get()),
                size((long) rate),
                eta);
        err.print(terminal ? "\r" + line : line + "\n");
        err.flush();
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s)
                : String.format(Locale.ROOT, "%d:%02d", m, s);
    }
}
