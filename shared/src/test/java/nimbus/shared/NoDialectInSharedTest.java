package nimbus.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The domain speaks no dialect: nothing in shared's sources names one, so a new dialect is added
 * without touching shared. Dialects register their key formats through KeyFormats instead.
 */
class NoDialectInSharedTest {
    private static final Pattern DIALECT =
            Pattern.compile("hack ?club|aether|smooth ?cdn|keycdn|kxcdn|rescdn|sk_cdn_|\\bak_");

    @Test
    void noSourceFileOfSharedNamesADialect() throws IOException {
        Path sources = Path.of(System.getProperty("nimbus.root", "..")).resolve("shared/src/main");
        List<String> offenders;
        try (Stream<Path> files = Files.walk(sources)) {
            offenders = files.filter(Files::isRegularFile)
                    .flatMap(NoDialectInSharedTest::mentions)
                    .toList();
        }
        assertEquals(List.of(), offenders);
    }

    private static Stream<String> mentions(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return java.util.stream.IntStream.range(0, lines.size())
                    .filter(i -> DIALECT.matcher(lines.get(i).toLowerCase(Locale.ROOT))
                            .find())
                    .mapToObj(i -> file.getFileName() + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
