package nimbus.bench.plain;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;

/**
 * The cold-start child for a plain-Java baseline: same JVM flags, the same shaded function jar (for
 * the SDK) plus the baseline classes. Usage: {@code PlainMain <handler class> [name=value ...]}: the
 * inputs a framework handler would parse from the event (secret, bodyFile, limit, ...) come as
 * arguments. Prints the same line as the framework runner.
 */
public final class PlainMain {
    private PlainMain() {}

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long atMain = System.currentTimeMillis();
        PlainHandler handler =
                (PlainHandler) Class.forName(args[0]).getConstructor().newInstance();
        long afterInit = System.currentTimeMillis();
        Map<String, String> input = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            input.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        long afterEvent = System.currentTimeMillis();
        PlainHandler.Response response = handler.handle(input);
        long end = System.currentTimeMillis();
        System.out.println("status=" + response.status() + " millisSinceJvmStart=" + (end - jvmStart)
                + " toMain=" + (atMain - jvmStart) + " init=" + (afterInit - atMain)
                + " event=" + (afterEvent - afterInit) + " invoke=" + (end - afterEvent));
        System.out.flush();
        System.exit(0);
    }
}
