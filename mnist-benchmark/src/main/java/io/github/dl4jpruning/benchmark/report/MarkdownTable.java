package io.github.dl4jpruning.benchmark.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table: the first columns (labels) left-aligned, the others (numbers) right-aligned. */
final class MarkdownTable {

    private final int leftColumns;
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** A table whose first column is left-aligned. */
    MarkdownTable(String... header) {
        this(1, header);
    }

    /** A table whose first {@code leftColumns} columns are left-aligned. */
    MarkdownTable(int leftColumns, String... header) {
        this.leftColumns = leftColumns;
        this.header = List.of(header);
    }

    /** Adds a row of already formatted cells, one per header column. */
    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row needs " + header.size() + " cells, got " + cells.length);
        }
        rows.add(List.of(cells));
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table followed by a blank line. */
    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (int i = 0; i < header.size(); i++) {
            sb.append(i < leftColumns ? "---|" : "---:|");
        }
        sb.append('\n');
        rows.forEach(r -> line(sb, r));
        return sb.append('\n').toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        cells.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append('\n');
    }
}
