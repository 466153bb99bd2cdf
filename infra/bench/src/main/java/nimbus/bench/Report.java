package nimbus.bench;

import java.util.List;

/** Markdown output: printed as it goes and collected for target/results.md. */
final class Report {
    private final StringBuilder md = new StringBuilder();

    void line(String text) {
        md.append(text).append('\n');
        System.out.println(text);
        System.out.flush();
    }

    void heading(String text) {
        line("");
        line(text);
        line("");
    }

    void table(List<String> header, List<List<String>> rows) {
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        rows.forEach(r -> line("| " + String.join(" | ", r) + " |"));
    }

    String markdown() {
        return md.toString();
    }
}
