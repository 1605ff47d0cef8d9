/**
 * The JDBC store: {@link org.civicsurvey.jdbc.SurveyStore} keeps instruments and responses in H2,
 * PostgreSQL or MariaDB/MySQL through any {@link javax.sql.DataSource} (or an embedded H2 file),
 * validates and saves responses idempotently, streams them by {@link
 * org.civicsurvey.jdbc.ResponseFilter}, and computes the estimation engine's sufficient statistics
 * inside the database; {@link org.civicsurvey.jdbc.SqlSurvey} computes them over any SQL table or
 * query in wide format (also DuckDB over Parquet and CSV files). Every error is a {@link
 * org.civicsurvey.jdbc.SurveyStoreException}. See {@code docs/jdbc.md}.
 *
 * <p><b>The API</b> is every public type of this package, and nothing else:
 * <ul>
 *   <li>the store and its configuration: {@link org.civicsurvey.jdbc.SurveyStore}, {@link
 *       org.civicsurvey.jdbc.StoreOptions}, {@link org.civicsurvey.jdbc.StoreNamespace}, {@link
 *       org.civicsurvey.jdbc.Dialect}, {@link org.civicsurvey.jdbc.UrlDataSource};</li>
 *   <li>analysis of tables and files of one's own: {@link org.civicsurvey.jdbc.SqlSurvey} and its
 *       {@link org.civicsurvey.jdbc.SqlSurvey.Builder};</li>
 *   <li>queries and their results: {@link org.civicsurvey.jdbc.ResponseFilter}, the core's
 *       {@link org.civicsurvey.scoring.GroupBy} groupings, {@link org.civicsurvey.jdbc.GroupedStatistics}, {@link
 *       org.civicsurvey.jdbc.SaveOutcome}, {@link org.civicsurvey.jdbc.BatchItem}, {@link
 *       org.civicsurvey.jdbc.BatchResult};</li>
 *   <li>schema migrations, for users who migrate apart from the store: {@link
 *       org.civicsurvey.jdbc.Migrator}, {@link org.civicsurvey.jdbc.MigrationResult}, {@link
 *       org.civicsurvey.jdbc.MigrationScript} (the scripts themselves are class-path resources
 *       under {@code db/migration/{h2,postgresql,mariadb}});</li>
 *   <li>errors: {@link org.civicsurvey.jdbc.SurveyStoreException}, the one unchecked root, and its
 *       subclasses {@link org.civicsurvey.jdbc.ResponseValidationException}, {@link
 *       org.civicsurvey.jdbc.ResponseConflictException}, {@link
 *       org.civicsurvey.jdbc.InstrumentInUseException}, {@link
 *       org.civicsurvey.jdbc.BatchFailedException}.</li>
 * </ul>
 *
 * <p><b>The layout.</b> Everything else is package-private, so it can change without notice.
 * {@code SurveyStore} is a façade that creates one collaborator per job and delegates to it:
 * {@code InstrumentRepository} (the instrument table), {@code ResponseWriter} (single saves with
 * their retries and conflicts, and batches, whose chunks {@code PreparedChunk} validates and
 * encodes off the writing thread), {@code ResponseReader} (by id, count, stream, case file), {@code
 * StoreAggregation} (statistics, with the SQL text in {@code AggregationSql}) and {@code Erasure}
 * (erase, anonymise). Beneath them: {@code StoreValidation} (the validator plus the store's own
 * rule), {@code ResponseRows} (a response as table row: document, hash, answer arrays and codes),
 * {@code Tables} (inserts and replacements), {@code CopyRow} and {@code PgCopy} (PostgreSQL binary
 * {@code COPY}; {@code PgCopy} is the only class that refers to the PostgreSQL driver), {@code
 * FilterSql} (a filter as a WHERE clause), {@code WideAggregation} (SqlSurvey's GROUP BY) and {@code
 * SqlIdentifiers} (names checked and quoted), {@code SchemaLock} and {@code SqlScript} (for {@code
 * Migrator}), {@code Jdbc} (error classification, rollback, interruptible sleep) and {@code Hashing}.
 */
package org.civicsurvey.jdbc;
