package org.civicsurvey.examples.data;

import java.time.ZoneId;
import org.civicsurvey.scoring.GroupBy;
import org.civicsurvey.scoring.Period;

/**
 * The groupings the examples' reports know by name, shared by the portal's dashboard and the report
 * program so both cut the same groups: the transaction's agency, service and channel, {@code
 * period} (quarters in Viet Nam's time, UTC+7 without daylight-saving time, so a rating made late
 * on a quarter's last day or early on the next quarter's first day lands in the quarter its citizen
 * saw), and any other name as a respondent attribute.
 */
public final class ReportGroupings {

    /** Asia/Ho_Chi_Minh. */
    public static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private ReportGroupings() {
    }

    /**
     * The grouping of a name.
     *
     * @param name {@code agency}, {@code service}, {@code channel}, {@code period}, or a respondent
     *     attribute such as {@code province}
     * @return the grouping; periods labelled {@code 2024-Q2}
     */
    public static GroupBy named(String name) {
        switch (name) {
            case "agency":
                return GroupBy.agency();
            case "service":
                return GroupBy.service();
            case "channel":
                return GroupBy.channel();
            case "period":
                return GroupBy.period(Period.QUARTER, VIETNAM);
            default:
                return GroupBy.respondent(name);
        }
    }
}
