package org.civicsurvey.io.surveyjs;

import java.util.List;
import java.util.Objects;

import org.civicsurvey.model.Instrument;

/**
 * The result of importing a SurveyJS survey: the instrument and every part of the survey that could
 * not be carried over as it is.
 */
public final class SurveyJsImport {
    private final Instrument instrument;
    private final List<SurveyJsIssue> issues;
    private final SurveyJsNames names;

    SurveyJsImport(Instrument instrument, List<SurveyJsIssue> issues, SurveyJsNames names) {
        this.instrument = Objects.requireNonNull(instrument, "instrument");
        this.issues = List.copyOf(issues);
        this.names = names;
    }

    /**
     * The imported instrument.
     *
     * @return the instrument, valid by the model's rules
     */
    public Instrument instrument() {
        return instrument;
    }

    /**
     * What was left out or changed, with JSON paths, in document order.
     *
     * @return the issues, empty for a lossless import
     */
    public List<SurveyJsIssue> issues() {
        return issues;
    }

    /**
     * Tells whether everything in the survey was carried over.
     *
     * @return true when there is no issue
     */
    public boolean isLossless() {
        return issues.isEmpty();
    }

    /**
     * The instrument, only when nothing was left out or changed.
     *
     * @return the instrument
     * @throws SurveyJsException listing every issue, when there is one
     */
    public Instrument requireLossless() {
        if (!issues.isEmpty()) {
            throw new SurveyJsException("SurveyJS survey " + instrument.id() + " cannot be imported without loss", issues);
        }
        return instrument;
    }

    /**
     * A results reader for answers collected with the <em>original</em> SurveyJS JSON: it knows the
     * renames this import made (names that were not valid ids, choice values that were not valid
     * codes, matrix rows). Answers collected with the re-exported instrument need no renames:
     * use {@link SurveyJsResults#forInstrument(Instrument)}.
     *
     * @return the results reader
     */
    public SurveyJsResults results() {
        return new SurveyJsResults(instrument, names);
    }
}
