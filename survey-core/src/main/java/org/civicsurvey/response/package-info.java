/**
 * Responses: one person's answers to one instrument version, the transaction they rate and what
 * is known about the person; and {@link org.civicsurvey.response.AnswerColumns}, which turns
 * responses into primitive columns for estimation.
 *
 * <p>A {@link org.civicsurvey.response.Response} holds submitted data as it came: field constraints
 * (ids not blank, sizes, a positive weight) and the instrument's rules are checked by
 * the validation package's {@code ResponseValidator}, which reports every violation at once.
 */
package org.civicsurvey.response;
