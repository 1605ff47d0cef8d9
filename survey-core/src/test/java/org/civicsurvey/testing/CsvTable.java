package org.civicsurvey.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader for the reference CSV files written by R's {@code write.csv} (header row, quoted
 * strings, {@code NA} for missing). Test fixture only: numbers are read as R printed them.
 */
public final class CsvTable {
    private final List<String> columns;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final List<String[]> rows;

    private CsvTable(List<String> columns, List<String[]> rows) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.rows = rows;
    }

    /**
     * Reads a classpath resource.
     *
     * @param resource absolute resource name, e.g. {@code /reference/api/apistrat.csv}
     * @return the table
     */
    public static CsvTable resource(String resource) {
        try (InputStream in = CsvTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses CSV text (RFC 4180 quoting; first row is the header).
     *
     * @param text the CSV text
     * @return the table
     */
    public static CsvTable parse(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                record.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(wasQuoted ? field.toString() : field.toString().trim());
                field.setLength(0);
                wasQuoted = false;
                records.add(record);
                record = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        if (records.isEmpty()) {
            throw new IllegalArgumentException("empty CSV");
        }
        List<String> header = records.get(0);
        List<String[]> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> rec = records.get(r);
            if (rec.size() == 1 && rec.get(0).isEmpty()) {
                continue;
            }
            if (rec.size() != header.size()) {
                throw new IllegalArgumentException("row " + r + " has " + rec.size() + " fields, header has " + header.size());
            }
            rows.add(rec.toArray(new String[0]));
        }
        return new CsvTable(header, rows);
    }

    /** @return the column names in file order */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of data rows */
    public int size() {
        return rows.size();
    }

    private int col(String name) {
        Integer c = index.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no column " + name + " in " + columns);
        }
        return c;
    }

    /**
     * @param name column name
     * @return the column as doubles, {@code NA} as {@code NaN}, {@code TRUE}/{@code FALSE} as 1/0
     */
    public double[] doubles(String name) {
        int c = col(name);
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            String s = rows.get(r)[c];
            out[r] = switch (s) {
                case "NA", "" -> Double.NaN;
                case "TRUE" -> 1;
                case "FALSE" -> 0;
                case "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(s);
            };
        }
        return out;
    }

    /**
     * @param name column name
     * @return the column as strings ({@code NA} stays the string {@code "NA"})
     */
    public String[] strings(String name) {
        int c = col(name);
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r)[c];
        }
        return out;
    }

    /**
     * Codes a column's distinct values as 0..k-1 in order of first appearance.
     *
     * @param name column name
     * @return the codes
     */
    public int[] codes(String name) {
        String[] s = strings(name);
        Map<String, Integer> seen = new LinkedHashMap<>();
        int[] out = new int[s.length];
        for (int r = 0; r < s.length; r++) {
            out[r] = seen.computeIfAbsent(s[r], k -> seen.size());
        }
        return out;
    }

    /**
     * @param row 0-based row
     * @param name column name
     * @return one cell
     */
    public String get(int row, String name) {
        return rows.get(row)[col(name)];
    }

    @Override
    public String toString() {
        return "CsvTable" + columns + " x " + rows.size() + (rows.isEmpty() ? "" : " first=" + Arrays.toString(rows.get(0)));
    }
}
