/**
 * The instrument model: immutable values describing a questionnaire.
 *
 * <p>An {@link org.civicsurvey.model.Instrument} has an identity and version, localized title and
 * description, a reference to the method it follows, a dimension hierarchy (aspect &rarr; element
 * &rarr; criterion), named scales and sections of {@link org.civicsurvey.model.Question}s. Every
 * value validates itself when constructed: an instrument that exists is consistent (ids unique,
 * references resolved, thresholds inside their scales). Problems are reported as
 * {@link org.civicsurvey.model.InvalidModelException} listing every
 * {@link org.civicsurvey.model.ModelViolation} with a path in the JSON format's names, such as
 * {@code sections[1].questions[3].scale.positiveThreshold}.
 */
package org.civicsurvey.model;
