package nimbus.local;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nimbus.local.kit.Template;
import org.junit.jupiter.api.Test;

/**
 * Runs the Lambda@Edge handlers' own tests ({@code node --test} in functions/edge), so {@code ./mvnw verify} covers
 * them. Node must be on the PATH (CI machines have Node 20): without it the test fails and says so; it never skips.
 */
class EdgeHandlersNodeTest {
    private static final Pattern PASSED = Pattern.compile("(?m)^# pass (\\d+)$");

    @Test
    void edgeHandlerTestsPass() throws Exception {
        Path edge = Template.defaultPath().toAbsolutePath().getParent().resolve("functions/edge");
        assertTrue(Files.isDirectory(edge), "functions/edge not found at " + edge);
        Process node;
        try {
            node = new ProcessBuilder("node", "--test")
                    .directory(edge.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail("node is needed to test the edge handlers (CI machines have Node 20): `node --test` could not be"
                    + " started: " + e.getMessage());
            return;
        }
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                output.append(new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.start();
        if (!node.waitFor(300, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            reader.join();
            fail("node --test in functions/edge did not end within 300 s:\n" + output);
        }
        reader.join();
        if (node.exitValue() != 0)
            fail("node --test in functions/edge failed (exit " + node.exitValue() + "):\n" + output);
        Matcher passed = PASSED.matcher(output);
        assertTrue(
                passed.find() && Integer.parseInt(passed.group(1)) > 0,
                "node --test in functions/edge ran no test:\n" + output);
    }
}
