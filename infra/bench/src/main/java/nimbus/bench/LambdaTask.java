package nimbus.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's code laid out as Lambda lays out a zip package: unpacked into a directory (Lambda's
 * {@code /var/task}), which is then the classpath. {@code infra/bench/run coldstart --unpacked} runs both
 * variants from it: classes load from files, and Micronaut lists a directory instead of opening the jar.
 */
final class LambdaTask {
    private static final Map<Path, Path> UNPACKED = new HashMap<>();

    private LambdaTask() {}

    static synchronized Path unpack(Path jar, Path workDir) throws IOException {
        Path done = UNPACKED.get(jar);
        if (done != null) return done;
        Path task = workDir.resolve("task-" + jar.getFileName().toString().replace(".jar", ""));
        WorkDirs.delete(task);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                Path target = task.resolve(entry.getName()).normalize();
                if (!target.startsWith(task)) throw new IOException("entry outside the task directory: " + entry);
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy((InputStream) zip, target);
                }
            }
        }
        UNPACKED.put(jar, task);
        return task;
    }
}
