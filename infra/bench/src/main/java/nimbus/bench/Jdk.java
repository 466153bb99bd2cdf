package nimbus.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK to start cold-start children with: its java executable and its version (as java -version says). */
record Jdk(String java, String version) {
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    /** {@code "java"} (from PATH), a JDK home, or a java executable. */
    static Jdk of(String pathOrJava) {
        String java = pathOrJava;
        if (Files.isDirectory(Path.of(pathOrJava)))
            java = Path.of(pathOrJava, "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(java, "-version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher m = Pattern.compile("version \"([^\"]+)\"").matcher(out);
            return new Jdk(java, m.find() ? m.group(1) : "?");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot run " + java + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String label() {
        return "JDK " + version + (java.equals("java") ? " (PATH)" : "");
    }
}
