package org.civicsurvey.jdbc;

/**
 * The time bucket of the store's rollup ({@link StoreOptions#rollupBucket()}): the finest period a
 * rollup read can group or filter by, in the store's {@linkplain StoreOptions#rollupZone() rollup
 * zone}.
 */
public enum RollupBucket {
    /** Calendar months: groupings by month, quarter, US fiscal quarter and year. */
    MONTH,
    /** Calendar days: also groupings by day and ISO week; about 30 times as many rollup rows as months. */
    DAY
}
