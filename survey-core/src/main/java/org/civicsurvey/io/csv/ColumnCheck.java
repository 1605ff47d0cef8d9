package org.civicsurvey.io.csv;

/** What an import does with a header that does not match the instrument and the mapping. */
public enum ColumnCheck {
    /** The file is refused before any row is read, every such column listed with the closest expected name. */
    REJECT,
    /** The import goes on; the columns are listed in {@link ImportResult#header()}. */
    IGNORE
}
