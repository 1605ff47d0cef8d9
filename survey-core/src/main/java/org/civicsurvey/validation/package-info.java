/**
 * Response validation: {@link org.civicsurvey.validation.ResponseValidator} checks a response's
 * fields (with Hibernate Validator, messages interpolated by its {@code ParameterMessageInterpolator},
 * so no Expression Language is needed or used) and the instrument's rules, and returns a
 * {@link org.civicsurvey.validation.ValidationReport} of every violation, each with its path.
 */
package org.civicsurvey.validation;
