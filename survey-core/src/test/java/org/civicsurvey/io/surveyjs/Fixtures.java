package org.civicsurvey.io.surveyjs;

import java.util.ArrayList;
import java.util.List;

import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.io.json.InstrumentJson;
import org.civicsurvey.model.Instrument;

/** Instruments the SurveyJS tests run on. */
final class Fixtures {
    private Fixtures() {
    }

    static Instrument full() {
        return InstrumentJson.readResource("org/civicsurvey/io/surveyjs/full-instrument.json");
    }

    static Instrument sample() {
        return InstrumentJson.readResource("org/civicsurvey/io/json/sample-instrument.json");
    }

    static Instrument vietnameseOnly() {
        return InstrumentJson.readResource("org/civicsurvey/io/surveyjs/vi-only-instrument.json");
    }

    /** Every instrument to test: the fixtures, then the standard instruments that ship with the library. */
    static List<Instrument> all() {
        List<Instrument> out = new ArrayList<>(List.of(full(), sample(), vietnameseOnly()));
        out.addAll(StandardInstruments.all());
        return out;
    }
}
