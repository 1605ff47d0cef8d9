/**
 * The ACSI model preset over the standard {@code acsi} instrument:
 * {@link org.civicsurvey.scoring.acsi.AcsiModel} maps the instrument's items to the constructs
 * expectations, perceived-quality drivers, satisfaction, complaints and trust and fits them by PLS.
 */
package org.civicsurvey.scoring.acsi;
