/**
 * SQL and JDBC plumbing of the store; not part of the API and may change without notice.
 */
package org.civicsurvey.jdbc.internal;
