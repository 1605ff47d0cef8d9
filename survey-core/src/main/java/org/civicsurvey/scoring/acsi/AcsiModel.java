package org.civicsurvey.scoring.acsi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.civicsurvey.instruments.StandardInstruments;
import org.civicsurvey.model.ChoiceOption;
import org.civicsurvey.model.ChoiceQuestion;
import org.civicsurvey.model.Dimension;
import org.civicsurvey.model.Instrument;
import org.civicsurvey.model.Question;
import org.civicsurvey.model.RatingQuestion;
import org.civicsurvey.model.Scale;
import org.civicsurvey.response.AnswerColumns;
import org.civicsurvey.analysis.pls.PlsModel;
import org.civicsurvey.analysis.pls.PlsPathModeling;
import org.civicsurvey.analysis.pls.PlsResult;
import org.civicsurvey.analysis.pls.WeightingScheme;

/**
 * The ACSI model preset over an instrument laid out like the standard {@code acsi} instrument.
 *
 * <p>Constructs (all reflective) and their items, taken from the instrument's dimensions:
 * <ul>
 *   <li>{@value #EXPECTATIONS}: the rating items of dimension {@code expectations};</li>
 *   <li>one perceived-quality construct per child element of dimension {@code perceived_quality}
 *       (in the standard instrument {@code process}, {@code information}, {@code customer_service},
 *       {@code website}), named by the element id; or one construct {@code perceived_quality} when
 *       it has no children;</li>
 *   <li>{@value #SATISFACTION}: the rating items of dimension {@code satisfaction} (the three ACSI
 *       items);</li>
 *   <li>{@value #COMPLAINTS}: one indicator item {@code complaint}, 1 when the single-choice
 *       question {@code complaint} was answered {@code yes}, 0 for any other option. The
 *       complaint-handling rating is not used: it is asked only of those who complained, so listwise
 *       deletion would drop everyone else;</li>
 *   <li>{@value #TRUST}: the rating items of dimension {@code trust}.</li>
 * </ul>
 * Paths (the ACSI model of Fornell et al. 1996, with perceived quality split into the government
 * model's drivers): expectations → each quality driver; expectations and each quality driver →
 * satisfaction; satisfaction → complaints; satisfaction and complaints → trust.
 *
 * <p>Rows with any don't-know, missing or hidden answer among the model's items are left out
 * (listwise deletion, counted by {@link PlsResult#excluded()}); response weights are not used (the
 * PLS estimation is unweighted). 0–100 scores rescale each rating item by its scale's ends (1..10)
 * and the complaint indicator by 0..1, so the complaints score is the percentage who complained.
 */
public final class AcsiModel {
    /** The expectations construct. */
    public static final String EXPECTATIONS = "expectations";
    /** The satisfaction construct, whose 0–100 score is the ACSI. */
    public static final String SATISFACTION = "satisfaction";
    /** The complaints construct. */
    public static final String COMPLAINTS = "complaints";
    /** The trust construct. */
    public static final String TRUST = "trust";
    /** The quality dimension whose children are the quality drivers. */
    public static final String PERCEIVED_QUALITY = "perceived_quality";
    /** The complaint question and its item name in the model. */
    public static final String COMPLAINT_QUESTION = "complaint";
    /** The option of the complaint question that means "complained". */
    public static final String COMPLAINED = "yes";

    private final Instrument instrument;
    private final PlsModel model;
    private final List<String> qualityDrivers;
    private final double[] scaleMin;
    private final double[] scaleMax;
    private final double complainedValue;

    private AcsiModel(Instrument instrument) {
        this.instrument = instrument;
        PlsModel.Builder b = PlsModel.builder();
        b.reflective(EXPECTATIONS, ratingIds(EXPECTATIONS));
        List<Dimension> children = instrument.childrenOf(require(PERCEIVED_QUALITY).id());
        List<String> drivers = new ArrayList<>();
        if (children.isEmpty()) {
            drivers.add(PERCEIVED_QUALITY);
        } else {
            children.forEach(d -> drivers.add(d.id()));
        }
        for (String d : drivers) {
            b.reflective(d, ratingIds(d));
        }
        this.qualityDrivers = List.copyOf(drivers);
        b.reflective(SATISFACTION, ratingIds(SATISFACTION));
        b.reflective(COMPLAINTS, COMPLAINT_QUESTION);
        b.reflective(TRUST, ratingIds(TRUST));
        for (String d : drivers) {
            b.path(EXPECTATIONS, d);
            b.path(d, SATISFACTION);
        }
        b.path(EXPECTATIONS, SATISFACTION);
        b.path(SATISFACTION, COMPLAINTS);
        b.path(SATISFACTION, TRUST);
        b.path(COMPLAINTS, TRUST);
        this.model = b.build();
        this.complainedValue = complainedValue(instrument);
        List<String> items = model.items();
        scaleMin = new double[items.size()];
        scaleMax = new double[items.size()];
        for (int k = 0; k < items.size(); k++) {
            if (items.get(k).equals(COMPLAINT_QUESTION)) {
                scaleMin[k] = 0;
                scaleMax[k] = 1;
            } else {
                Scale s = instrument.question(items.get(k)).flatMap(Question::answerScale).orElseThrow();
                scaleMin[k] = s.min();
                scaleMax[k] = s.max();
            }
        }
    }

    /**
     * The preset for an instrument.
     *
     * @param instrument an instrument with the dimensions {@code expectations},
     *     {@code perceived_quality}, {@code satisfaction}, {@code trust} (each with rating items) and
     *     a single-choice question {@code complaint} with an option {@code yes}
     * @return the preset
     * @throws IllegalArgumentException naming what the instrument lacks
     */
    public static AcsiModel of(Instrument instrument) {
        return new AcsiModel(Objects.requireNonNull(instrument, "instrument"));
    }

    /**
     * The preset for the standard ACSI instrument ({@code StandardInstruments.acsi()}).
     *
     * @return the preset
     */
    public static AcsiModel standard() {
        return of(StandardInstruments.acsi());
    }

    /** @return the instrument */
    public Instrument instrument() {
        return instrument;
    }

    /** @return the PLS path model, whose items are question ids (and {@code complaint}) */
    public PlsModel pathModel() {
        return model;
    }

    /** @return the perceived-quality constructs, in instrument order */
    public List<String> qualityDrivers() {
        return qualityDrivers;
    }

    /**
     * The model's item columns, in {@link PlsModel#items()} order: rating values (NaN when not a
     * valid answer) and the complaint indicator.
     *
     * @param answers answers to this preset's instrument
     * @return the columns
     */
    public double[][] columns(AnswerColumns answers) {
        if (!answers.instrument().id().equals(instrument.id())
                || !answers.instrument().version().equals(instrument.version())) {
            throw new IllegalArgumentException("answers are for instrument " + answers.instrument().id() + " version "
                    + answers.instrument().version() + ", the preset for " + instrument.id() + " version "
                    + instrument.version());
        }
        List<String> items = model.items();
        double[][] x = new double[items.size()][];
        for (int k = 0; k < items.size(); k++) {
            double[] v = answers.values(items.get(k));
            if (items.get(k).equals(COMPLAINT_QUESTION)) {
                for (int i = 0; i < v.length; i++) {
                    if (!Double.isNaN(v[i])) {
                        v[i] = v[i] == complainedValue ? 1 : 0;
                    }
                }
            }
            x[k] = v;
        }
        return x;
    }

    /**
     * Fits the model with the centroid scheme (as in the ACSI literature and SmartPLS's reference
     * ECSI results) and default tolerance.
     *
     * @param answers answers to this preset's instrument
     * @return the result
     */
    public AcsiResult fit(AnswerColumns answers) {
        return fit(answers, PlsPathModeling.withDefaults().withScheme(WeightingScheme.CENTROID));
    }

    /**
     * Fits the model with the given PLS settings.
     *
     * @param answers answers to this preset's instrument
     * @param pls the PLS settings
     * @return the result
     */
    public AcsiResult fit(AnswerColumns answers, PlsPathModeling pls) {
        return new AcsiResult(this, pls.fit(model, columns(answers), scaleMin.clone(), scaleMax.clone()));
    }

    private Dimension require(String dimensionId) {
        Optional<Dimension> d = instrument.dimension(dimensionId);
        if (d.isEmpty()) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " has no dimension '" + dimensionId
                    + "', which the ACSI preset needs");
        }
        return d.get();
    }

    private String[] ratingIds(String dimensionId) {
        require(dimensionId);
        List<RatingQuestion> items = instrument.itemsOf(dimensionId);
        if (items.isEmpty()) {
            throw new IllegalArgumentException("dimension '" + dimensionId + "' of instrument " + instrument.id()
                    + " has no rating items");
        }
        return items.stream().map(RatingQuestion::id).toArray(String[]::new);
    }

    private static double complainedValue(Instrument instrument) {
        Optional<Question> q = instrument.question(COMPLAINT_QUESTION);
        if (q.isEmpty() || !(q.get() instanceof ChoiceQuestion) || ((ChoiceQuestion) q.get()).multiple()) {
            throw new IllegalArgumentException("instrument " + instrument.id() + " needs a single-choice question '"
                    + COMPLAINT_QUESTION + "' for the ACSI complaints construct");
        }
        ChoiceQuestion c = (ChoiceQuestion) q.get();
        int pos = c.indexOf(COMPLAINED);
        if (pos < 0) {
            throw new IllegalArgumentException("question '" + COMPLAINT_QUESTION + "' has no option '" + COMPLAINED + "'");
        }
        if (!c.isScored()) {
            return pos;
        }
        double score = c.options().get(pos).score().getAsDouble();
        for (ChoiceOption o : c.options()) {
            if (!o.code().equals(COMPLAINED) && o.score().getAsDouble() == score) {
                throw new IllegalArgumentException("question '" + COMPLAINT_QUESTION + "': option '" + o.code()
                        + "' has the same score as '" + COMPLAINED + "' (" + score + "); complaints cannot be told apart");
            }
        }
        return score;
    }
}
