package org.civicsurvey.examples.data;

import java.time.ZoneId;
import org.civicsurvey.report.GroupBy;
import org.civicsurvey.report.Period;

/**
 * The time in which the examples cut reporting periods: Vietnam's (UTC+7, no daylight-saving
 * time), so the portal's dashboard and the report program put a rating made late on a quarter's
 * last day, or early on the next quarter's first day, in the same quarter as the citizen did.
 */
public final class VietnamTime {

    /** Asia/Ho_Chi_Minh. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private VietnamTime() {
    }

    /**
     * Quarters of the submission time in Vietnam.
     *
     * @return the grouping, labelled {@code 2024-Q2}
     */
    public static GroupBy quarters() {
        return GroupBy.period(Period.QUARTER, ZONE);
    }
}
