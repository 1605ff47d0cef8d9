# A seeded, satisfaction-like survey for the regression tests (svyglm, regTermTest, svypredmeans,
# svyolr). Run from this directory:
#   Rscript satisfaction.R
# Produced with R 4.2.2 (the default Mersenne-Twister / Inversion / Rejection RNG). Writes
# satisfaction.csv: one row per respondent.
#
# Design: 4 regions (strata) with 40, 55, 30 and 70 service offices (fpc1); 8, 10, 6 and 12 offices
# sampled per region (PSUs); in each office a number of clients (fpc2 = clients served in the
# period) of whom 8..22 answered (SSUs are the respondents). pw = (fpc1 / offices sampled) *
# (fpc2 / respondents in the office).
# Answers: channel (in person, online, phone), age group (18-34, 35-54, 55+), female (0/1),
# waiting days (about 4% missing), a 1-5 satisfaction rating from a proportional-odds model with an
# office effect, satisfied = rating >= 4 (missing when the rating is missing, about 2%).
set.seed(20240521)
offices_in_region <- c(40, 55, 30, 70)
sampled_in_region <- c(8, 10, 6, 12)
rows <- list()
for (h in 1:4) {
  for (o in seq_len(sampled_in_region[h])) {
    m <- sample(8:22, 1)
    clients <- m + sample(150:900, 1)
    office_effect <- rnorm(1, 0, 0.5)
    channel <- sample(c("in person", "online", "phone"), m, replace = TRUE,
                      prob = list(c(.5, .3, .2), c(.35, .45, .2), c(.6, .15, .25), c(.3, .5, .2))[[h]])
    agegroup <- sample(c("18-34", "35-54", "55+"), m, replace = TRUE, prob = c(.35, .4, .25))
    female <- rbinom(m, 1, 0.55)
    wait <- round(rexp(m, 1 / (3 + h)), 1)
    latent <- 0.7 * (channel == "online") - 0.35 * (channel == "phone") + 0.45 * (agegroup == "55+") -
      0.2 * (agegroup == "18-34") + 0.15 * female - 0.12 * wait + office_effect + rlogis(m)
    rating <- as.integer(cut(latent, c(-Inf, -2.6, -1.3, 0.2, 1.6, Inf)))
    rows[[length(rows) + 1]] <- data.frame(region = h, office = h * 100 + o, fpc1 = offices_in_region[h],
      fpc2 = clients, pw = offices_in_region[h] / sampled_in_region[h] * clients / m,
      channel = channel, agegroup = agegroup, female = female, wait = wait, rating = rating)
  }
}
d <- do.call(rbind, rows)
d$wait[sample(nrow(d), round(0.04 * nrow(d)))] <- NA
d$rating[sample(nrow(d), round(0.02 * nrow(d)))] <- NA
d$satisfied <- as.integer(d$rating >= 4)
write.csv(d, "satisfaction.csv", row.names = FALSE, na = "NA")
cat(nrow(d), "rows\n")
print(table(d$rating, useNA = "ifany"))
print(table(d$channel, d$region))
