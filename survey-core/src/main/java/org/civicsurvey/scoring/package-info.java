/**
 * Satisfaction indices on top of {@link org.civicsurvey.stats}: item scores
 * ({@link org.civicsurvey.scoring.ItemScore}) and roll-ups along an instrument's dimension
 * hierarchy ({@link org.civicsurvey.scoring.RollUp}) of which SIPAS, A-11, SDG 16.6.2 and
 * ACSI-style composites are configurations.
 */
package org.civicsurvey.scoring;
