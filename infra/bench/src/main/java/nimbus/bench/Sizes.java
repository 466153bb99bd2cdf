package nimbus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/** The shaded function jars: functions/<dialect>/target/nimbus-<dialect>.jar, their size and class count. */
final class Sizes {
    record Jar(Path path, long bytes, int classes, int entries) {}

    static List<Jar> measure(Path root) throws IOException {
        List<Jar> jars = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root.resolve("functions"))) {
            for (Path module : modules.sorted().toList()) {
                Path jar = module.resolve("target/nimbus-" + module.getFileName() + ".jar");
                if (!Files.isRegularFile(jar)) continue;
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    int classes = (int) zip.stream()
                            .filter(e -> e.getName().endsWith(".class"))
                            .count();
                    jars.add(new Jar(root.relativize(jar), Files.size(jar), classes, zip.size()));
                }
            }
        }
        return jars;
    }
}
