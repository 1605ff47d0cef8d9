package org.civicsurvey.io.json;

import java.io.FilterInputStream;
import java.io.InputStream;

/** Leaves the caller's stream open when the parser closes. */
final class NonClosingInputStream extends FilterInputStream {
    NonClosingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public void close() {
        // the caller owns the stream
    }
}
