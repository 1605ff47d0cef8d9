# Reference numbers for the SDG 16.6.2 report (org.civicsurvey.report.SdgReport).
# R 4.2.2, survey 4.1.1. Run from this folder:  Rscript sdg-reference.R
# Writes sdg-responses.csv (wide form; 97 = not applicable, 98 = don't know, 99 = refused) and
# sdg-expected.csv: % positive (3 or 4 on the 4-point scale) per attribute, their simple average and
# % satisfied overall, overall and by sex, with SEs (svytotal + svycontrast on a weighted design,
# ids = ~1) and the excluded counts.
library(survey)
set.seed(16662)
n <- 300
attrs <- c("accessibility", "affordability", "equal_treatment", "effective_delivery", "timeliness")
sex <- sample(c("male", "female"), n, replace = TRUE)
latent <- rnorm(n) + ifelse(sex == "female", .2, 0)
d <- data.frame(id = sprintf("s%03d", seq_len(n)), used_service = "yes", service_type = "id_document", sex = sex,
                residence = sample(c("urban", "rural"), n, replace = TRUE), household_income = round(rlnorm(n, 9, .6)),
                weight = round(runif(n, .4, 2.5), 3), stringsAsFactors = FALSE)
for (k in c(attrs, "overall_satisfaction")) {
  y <- as.integer(cut(latent + rnorm(n), c(-Inf, -1, 0, 1, Inf)))
  u <- runif(n)
  y[u < .04] <- 98L; y[u >= .04 & u < .07] <- 97L; y[u >= .07 & u < .09] <- 99L
  d[[k]] <- y
}
write.csv(d, "sdg-responses.csv", row.names = FALSE)
for (k in c(attrs, "overall_satisfaction")) {
  y <- d[[k]]; valid <- y <= 4
  d[[paste0("a_", k)]] <- as.numeric(valid & y >= 3); d[[paste0("v_", k)]] <- as.numeric(valid)
}
des <- svydesign(ids = ~1, weights = ~weight, data = d)
share <- function(k) substitute(A / V, list(A = as.name(paste0("a_", k)), V = as.name(paste0("v_", k))))
avg <- Reduce(function(a, b) call("+", a, b), lapply(attrs, share))
con <- c(setNames(lapply(c(attrs, "overall_satisfaction"), share), c(attrs, "overall_satisfaction")),
         list(sdg_average = call("/", avg, length(attrs))))
f <- as.formula(paste("~", paste(c(paste0("a_", c(attrs, "overall_satisfaction")),
                                   paste0("v_", c(attrs, "overall_satisfaction"))), collapse = "+")))
rows <- list()
for (g in c("*", "male", "female")) {
  ds <- if (g == "*") des else subset(des, sex == g)
  sub <- if (g == "*") d else d[d$sex == g, ]
  cc <- svycontrast(svytotal(f, ds), con)
  for (name in names(con)) {
    k <- if (name == "sdg_average") attrs else name
    cnt <- function(code) sum(unlist(sub[k]) == code)
    rows[[length(rows) + 1]] <- data.frame(sex = g, item = name, value = 100 * coef(cc)[[name]], se = 100 * SE(cc)[[name]],
                                           dont_know = cnt(98), not_applicable = cnt(97), refused = cnt(99))
  }
}
write.csv(do.call(rbind, rows), "sdg-expected.csv", row.names = FALSE)
