package org.civicsurvey.instruments;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.io.json.InvalidJsonException;
import org.civicsurvey.model.Ids;
import org.civicsurvey.model.Instrument;

/**
 * The standard instruments shipped with CivicSurvey, in Vietnamese and English, each read once from
 * its JSON resource {@code org/civicsurvey/instruments/<id>.json} and then shared (instruments are
 * immutable).
 *
 * <p>Every instrument names the method and source it follows in {@link Instrument#method()}; where
 * the wording could not be checked against the primary source the reference is marked
 * {@code adapted} and its notes say what was adapted. The table of instruments, items and scales is
 * in {@code docs/standard-instruments.md}.
 *
 * <pre>{@code
 * Instrument sipas = StandardInstruments.sipas2017();
 * sipas.ratingItems().size();                        // 22
 * StandardInstruments.byId("sdg1662").orElseThrow(); // the SDG 16.6.2 module
 * }</pre>
 */
public final class StandardInstruments {
    /** Id of SIPAS 2017–2020 (Decision 2640/QĐ-BNV): 5 elements, 22 criteria. */
    public static final String SIPAS_2017 = "sipas2017";
    /** Id of the SIPAS public-administrative-services part used since 2022: 5 elements, 19 items. */
    public static final String SIPAS_2022 = "sipas2022";
    /** Id of OMB A-11 §280, version 1 (2019–2023): seven 1–5 agreement items. */
    public static final String A11_V1 = "a11v1";
    /** Id of OMB A-11 §280 from FY2024: trust item and driver checklists. */
    public static final String A11_V2 = "a11v2";
    /** Id of the SDG 16.6.2 government-services module. */
    public static final String SDG_16_6_2 = "sdg1662";
    /** Id of the ACSI core government questions. */
    public static final String ACSI = "acsi";
    /** Id of the Common Measurements Tool core drivers. */
    public static final String CMT = "cmt";

    private static final List<String> IDS = List.of(SIPAS_2017, SIPAS_2022, A11_V1, A11_V2, SDG_16_6_2, ACSI, CMT);
    private static final Map<String, Instrument> LOADED = new ConcurrentHashMap<>();
    private static final String FOLDER = "org/civicsurvey/instruments/";

    private StandardInstruments() {
    }

    /**
     * SIPAS 2017–2020: 5 elements, 22 criteria on the 5-point satisfaction scale.
     *
     * @return the instrument {@value #SIPAS_2017}
     */
    public static Instrument sipas2017() {
        return get(SIPAS_2017);
    }

    /**
     * The SIPAS public-administrative-services part used since 2022: 5 elements, 19 items, with
     * harassment, informal payment, preferred channel and the respondent profile.
     *
     * @return the instrument {@value #SIPAS_2022}
     */
    public static Instrument sipas2022() {
        return get(SIPAS_2022);
    }

    /**
     * OMB Circular A-11 §280, version 1: seven items on a 1–5 agreement scale.
     *
     * @return the instrument {@value #A11_V1}
     */
    public static Instrument a11v1() {
        return get(A11_V1);
    }

    /**
     * OMB Circular A-11 §280 from FY2024: the trust item, the "what went well" and "what didn't go
     * so well" driver checklists and one open question.
     *
     * @return the instrument {@value #A11_V2}
     */
    public static Instrument a11v2() {
        return get(A11_V2);
    }

    /**
     * The SDG 16.6.2 government-services module: five attributes on a 4-point scale, overall
     * satisfaction, and the sex, income, residence and disability questions for disaggregation.
     *
     * @return the instrument {@value #SDG_16_6_2}
     */
    public static Instrument sdg1662() {
        return get(SDG_16_6_2);
    }

    /**
     * The ACSI core government questions: expectations, perceived quality, the three 1–10
     * satisfaction items, complaints and trust.
     *
     * @return the instrument {@value #ACSI}
     */
    public static Instrument acsi() {
        return get(ACSI);
    }

    /**
     * The Common Measurements Tool core drivers: agreement and importance for timeliness,
     * competence, courtesy, fairness and outcome, and summary satisfaction.
     *
     * @return the instrument {@value #CMT}
     */
    public static Instrument cmt() {
        return get(CMT);
    }

    /**
     * The ids of all standard instruments, in the order of {@link #all()}.
     *
     * @return {@code sipas2017, sipas2022, a11v1, a11v2, sdg1662, acsi, cmt}
     */
    public static List<String> ids() {
        return IDS;
    }

    /**
     * All standard instruments.
     *
     * @return an unmodifiable list in the order of {@link #ids()}
     */
    public static List<Instrument> all() {
        return IDS.stream().map(StandardInstruments::get).collect(Collectors.toUnmodifiableList());
    }

    /**
     * Finds a standard instrument by id.
     *
     * @param id an instrument id such as {@code sipas2017}; null or unknown ids give empty
     * @return the instrument, or empty when no standard instrument has this id
     */
    public static Optional<Instrument> byId(String id) {
        return id != null && IDS.contains(id) ? Optional.of(get(id)) : Optional.empty();
    }

    private static Instrument get(String id) {
        return LOADED.computeIfAbsent(id, StandardInstruments::load);
    }

    private static Instrument load(String id) {
        String resource = FOLDER + id + ".json";
        try (InputStream in = StandardInstruments.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("the standard instrument resource " + resource + " is missing from the class path");
            }
            Instrument instrument = InstrumentJson.read(in);
            if (!instrument.id().equals(id)) {
                throw new IllegalStateException("the resource " + resource + " holds instrument "
                        + Ids.quote(instrument.id()) + ", not " + Ids.quote(id));
            }
            return instrument;
        } catch (InvalidJsonException e) {
            throw new IllegalStateException("the standard instrument resource " + resource + " is invalid: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
