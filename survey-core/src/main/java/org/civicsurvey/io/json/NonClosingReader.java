package org.civicsurvey.io.json;

import java.io.FilterReader;
import java.io.Reader;

/** Leaves the caller's reader open when the parser closes. */
final class NonClosingReader extends FilterReader {
    NonClosingReader(Reader in) {
        super(in);
    }

    @Override
    public void close() {
        // the caller owns the reader
    }
}
