/**
 * The JDBC store: {@link org.civicsurvey.jdbc.SurveyStore} keeps instruments and responses in H2,
 * PostgreSQL or MariaDB/MySQL through any {@link javax.sql.DataSource} (or an embedded H2 file),
 * validates and saves responses idempotently, streams them by {@link
 * org.civicsurvey.jdbc.ResponseFilter}, and computes the estimation engine's sufficient statistics
 * inside the database. Every error is a {@link org.civicsurvey.jdbc.SurveyStoreException}. See
 * {@code docs/jdbc.md}.
 */
package org.civicsurvey.jdbc;
