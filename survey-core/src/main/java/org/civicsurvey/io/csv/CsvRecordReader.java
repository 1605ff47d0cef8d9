package org.civicsurvey.io.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * Streaming RFC 4180 record reader with limits: constant memory (a field beyond the limit is
 * consumed but not kept), records may span lines inside quotes. Problems of one record are
 * reported in {@link #problem()} and the reader continues with the next record.
 */
final class CsvRecordReader {
    private final Reader in;
    private final char delimiter;
    private final int maxField;
    private final int maxColumns;
    private final char[] buf = new char[16384];
    private int pos;
    private int len;
    private long line = 1;
    private long startLine;
    private String problem;
    private int keepOnly = -1;

    CsvRecordReader(Reader in, char delimiter, int maxField, int maxColumns) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxField = maxField;
        this.maxColumns = maxColumns;
    }

    private int next() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        char c = buf[pos++];
        if (c == '\uFFFD') {
            // what undecodable bytes decode to (the decoder replaces them, so the line is known exactly)
            throw new java.nio.charset.MalformedInputException(1);
        }
        return c;
    }

    private int peek() throws IOException {
        if (pos == len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }

    /**
     * Keeps the text of one field only (the others are read as empty strings): a pass that needs
     * one column allocates nothing for the rest.
     *
     * @param field the field index to keep, or -1 for all
     */
    void keepOnly(int field) {
        keepOnly = field;
    }

    /** @return the physical line (1-based) the reader is at */
    long line() {
        return line;
    }

    /** @return the physical line the last record started on */
    long startLine() {
        return startLine;
    }

    /** @return the problem of the last record, or null */
    String problem() {
        return problem;
    }

    /**
     * Reads one record.
     *
     * @param fields cleared and filled
     * @return false at the end of input (nothing read)
     */
    boolean read(List<String> fields) throws IOException {
        fields.clear();
        problem = null;
        startLine = line;
        StringBuilder f = new StringBuilder();
        int state = 0; // 0 start of field, 1 unquoted, 2 quoted, 3 after closing quote
        boolean any = false;
        boolean tooLong = false;
        while (true) {
            int c = next();
            if (c == -1) {
                if (!any) {
                    return false;
                }
                if (state == 2) {
                    fail("a quoted field is not closed before the end of the file");
                }
                emit(fields, f, tooLong);
                return true;
            }
            any = true;
            if (c == '\n') {
                line++;
            }
            switch (state) {
                case 0:
                case 1:
                    if (c == delimiter) {
                        emit(fields, f, tooLong);
                        tooLong = false;
                        state = 0;
                    } else if (c == '\r' || c == '\n') {
                        if (c == '\r' && peek() == '\n') {
                            next();
                            line++;
                        }
                        emit(fields, f, tooLong);
                        return true;
                    } else if (c == '"' && state == 0) {
                        state = 2;
                    } else {
                        if (c == '"') {
                            fail("a quote inside an unquoted field (field " + (fields.size() + 1) + ")");
                        }
                        tooLong |= append(f, (char) c, fields.size());
                        state = 1;
                    }
                    break;
                case 2:
                    if (c == '"') {
                        state = 3;
                    } else {
                        tooLong |= append(f, (char) c, fields.size());
                    }
                    break;
                default:
                    if (c == '"') {
                        tooLong |= append(f, '"', fields.size());
                        state = 2;
                    } else if (c == delimiter) {
                        emit(fields, f, tooLong);
                        tooLong = false;
                        state = 0;
                    } else if (c == '\r' || c == '\n') {
                        if (c == '\r' && peek() == '\n') {
                            next();
                            line++;
                        }
                        emit(fields, f, tooLong);
                        return true;
                    } else {
                        fail("text after a closing quote (field " + (fields.size() + 1) + ")");
                        tooLong |= append(f, (char) c, fields.size());
                        state = 1;
                    }
            }
        }
    }

    private boolean append(StringBuilder f, char c, int field) {
        if (f.length() >= maxField) {
            fail("field " + (field + 1) + " is longer than " + maxField + " characters");
            return true;
        }
        f.append(c);
        return false;
    }

    private void emit(List<String> fields, StringBuilder f, boolean tooLong) {
        if (fields.size() >= maxColumns) {
            fail("more than " + maxColumns + " fields");
        } else {
            fields.add(tooLong || keepOnly >= 0 && fields.size() != keepOnly ? "" : f.toString());
        }
        f.setLength(0);
    }

    private void fail(String message) {
        if (problem == null) {
            problem = message;
        }
    }
}
