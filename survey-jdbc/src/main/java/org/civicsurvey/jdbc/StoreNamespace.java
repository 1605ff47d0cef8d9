package org.civicsurvey.jdbc;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the store's tables live: an optional schema and a table-name prefix.
 *
 * <p>Both are SQL identifiers spliced into statements, so both are checked against a strict
 * pattern: lower-case ASCII letters, digits and underscores, starting with a letter; a prefix of
 * at most 20 characters (it may be empty), a schema of at most 40. Nothing else (no quotes, dots,
 * spaces or upper case) is accepted, so an identifier can never carry SQL.
 *
 * @param schema the schema (PostgreSQL, H2) or database (MariaDB) holding the tables, or
 *     {@code null} for the connection's current one; it must already exist
 * @param prefix prefix of every table and index name, for example {@code "cs_"}; may be empty
 */
public record StoreNamespace(String schema, String prefix) {

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,19}");
    private static final Pattern SCHEMA = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    /** The default namespace: the connection's current schema, prefix {@code "cs_"}. */
    public static final StoreNamespace DEFAULT = new StoreNamespace(null, "cs_");

    /**
     * Validates both identifiers.
     *
     * @throws IllegalArgumentException naming the identifier, its value and the allowed pattern
     */
    public StoreNamespace {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix '" + printable(prefix)
                    + "' is not allowed: use 1 to 20 characters [a-z0-9_] starting with a letter, or empty");
        }
        if (schema != null && !SCHEMA.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema '" + printable(schema)
                    + "' is not allowed: use 1 to 40 characters [a-z0-9_] starting with a letter");
        }
    }

    /**
     * A namespace in the connection's current schema.
     *
     * @param prefix the table prefix, for example {@code "cs_"}; may be empty
     * @return the namespace
     */
    public static StoreNamespace of(String prefix) {
        return new StoreNamespace(null, prefix);
    }

    /**
     * A namespace in an existing schema.
     *
     * @param schema the schema (database on MariaDB)
     * @param prefix the table prefix; may be empty
     * @return the namespace
     */
    public static StoreNamespace of(String schema, String prefix) {
        return new StoreNamespace(Objects.requireNonNull(schema, "schema"), prefix);
    }

    /**
     * The schema, if one was given.
     *
     * @return the schema
     */
    public Optional<String> schemaName() {
        return Optional.ofNullable(schema);
    }

    /**
     * A table's name as used in SQL: {@code schema.prefixname} or {@code prefixname}.
     *
     * @param name the unprefixed table name (a constant of the store)
     * @return the qualified name
     */
    public String table(String name) {
        return qualifier() + name;
    }

    /**
     * What precedes an unprefixed table name: {@code schema.prefix} or {@code prefix}. This is the
     * value of the {@code ${prefix}} placeholder in the migration scripts.
     *
     * @return the qualifier
     */
    public String qualifier() {
        return schema == null ? prefix : schema + "." + prefix;
    }

    private static String printable(String s) {
        String shown = s.length() > 60 ? s.substring(0, 60) + "..." : s;
        StringBuilder b = new StringBuilder(shown.length());
        shown.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
