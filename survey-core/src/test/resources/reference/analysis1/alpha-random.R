# Reference values for the coded (1-byte) path of org.civicsurvey.analysis.reliability: psych::alpha
# on a seeded random 200-row block of rating items with missing answers. R 4.2.2, psych 2.2.9.
# Run from this directory:  Rscript alpha-random.R
# Writes alpha-random-data.csv (the items, NA for missing) and alpha-random.csv in long form
#   case, section, row, stat, value   (value printed with 17 significant digits),
# the layout of reliability.csv (written by the same dump function as reliability.R).
suppressPackageStartupMessages(library(psych))
set.seed(20261206)
n <- 200
f <- rnorm(n)
scale_item <- function(centre, load, noise, lo, hi) pmin(hi, pmax(lo, round(centre + load * f + noise * rnorm(n))))
x <- data.frame(
  r1 = scale_item(3, 0.9, 0.9, 1, 5),
  r2 = scale_item(3.2, 0.7, 1.0, 1, 5),
  r3 = scale_item(2.8, 1.1, 1.0, 1, 5),
  r4 = scale_item(3, 0.5, 1.2, 1, 5),
  r5 = scale_item(3, 1.2, 1.3, 0, 6),      # a 0..6 item: other categories than the rest
  r6 = scale_item(3, -0.8, 1.0, 1, 5),     # reverse-keyed
  r7 = scale_item(5, 2.0, 1.5, 0, 10))     # an 11-point item: more than 10 distinct answers
for (j in seq_along(x)) x[runif(n) < 0.08, j] <- NA   # about 8% missing per item
x[c(10, 20), ] <- NA                                  # two rows without any answer
x[30, ] <- NA; x[30, "r1"] <- 4                       # a row answering one item
x$K <- 2                                              # an item with one distinct answer ...
x$K[c(15, 40, 41, 90, 150)] <- NA                     # ... and a few missing (row 1 answers it)
write.csv(x, "alpha-random-data.csv", row.names = FALSE, na = "NA")

out <- list()
emit <- function(case, section, row, stat, value) {
  out[[length(out) + 1]] <<- data.frame(case = case, section = section, row = row, stat = stat,
                                        value = sprintf("%.17g", as.numeric(value)))
}
dump <- function(case, a) {
  t <- a$total
  for (s in colnames(t)) emit(case, "total", "", s, t[[s]])
  emit(case, "feldt", "", "lower", a$feldt$lower.ci)
  emit(case, "feldt", "", "upper", a$feldt$upper.ci)
  if (!is.null(t$ase)) {
    emit(case, "duhachek", "", "lower", t$raw_alpha - qnorm(0.975) * t$ase)
    emit(case, "duhachek", "", "upper", t$raw_alpha + qnorm(0.975) * t$ase)
  }
  emit(case, "total", "", "var.r", a$var.r)
  d <- a$alpha.drop
  for (i in seq_len(nrow(d))) for (s in colnames(d)) emit(case, "drop", rownames(d)[i], s, d[i, s])
  st <- a$item.stats
  for (i in seq_len(nrow(st))) for (s in colnames(st)) emit(case, "item", rownames(st)[i], s, st[i, s])
  f <- a$response.freq
  if (!is.null(f)) for (i in seq_len(nrow(f))) for (s in colnames(f)) emit(case, "freq", rownames(f)[i], s, f[i, s])
}

six <- paste0("r", 1:6)
keys6 <- c(1, 1, 1, 1, 1, -1)
dump("random/pairwise", alpha(x[, six], keys = keys6, warnings = FALSE))
dump("random/listwise", alpha(na.omit(x[, six]), keys = keys6, warnings = FALSE))
dump("random/checkkeys", suppressWarnings(alpha(x[, six], check.keys = TRUE, warnings = FALSE)))
# K has no variance: psych drops it from the statistics but counts it in the total score
dump("random/constant", suppressWarnings(alpha(x[, c(paste0("r", 1:5), "K")], warnings = FALSE)))
# r7 has 11 distinct answers: no response.freq (psych's max = 10)
dump("random/wide", alpha(x[, c("r1", "r2", "r3", "r4", "r7")], warnings = FALSE))
write.csv(do.call(rbind, out), "alpha-random.csv", row.names = FALSE)
