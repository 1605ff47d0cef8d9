# Reference values for org.civicsurvey.analysis.reliability, computed with R 4.2.2 and psych 2.2.9.
# Run from this directory:  Rscript reliability.R
# Writes bfi.csv (the psych::bfi data, 2800 x 28, NA for missing) and reliability.csv in long form:
#   case, section, row, stat, value   (value printed with 17 significant digits).
suppressPackageStartupMessages(library(psych))
data(bfi)
write.csv(bfi, "bfi.csv", row.names = FALSE, na = "NA")

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
    # print.psych shows raw_alpha -/+ 1.96 ase ("Duhachek"); we use the exact normal quantile
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

scales <- list(
  agreeableness     = list(items = paste0("A", 1:5), keys = c(-1, 1, 1, 1, 1)),
  conscientiousness = list(items = paste0("C", 1:5), keys = c(1, 1, 1, -1, -1)),
  extraversion      = list(items = paste0("E", 1:5), keys = c(-1, -1, 1, 1, 1)),
  neuroticism       = list(items = paste0("N", 1:5), keys = c(1, 1, 1, 1, 1)),
  openness          = list(items = paste0("O", 1:5), keys = c(1, -1, 1, 1, -1)))

for (nm in names(scales)) {
  s <- scales[[nm]]
  x <- bfi[, s$items]
  # declared keys, pairwise deletion (psych's default use = "pairwise")
  dump(paste0(nm, "/pairwise"), alpha(x, keys = s$keys, warnings = FALSE))
  # listwise: incomplete rows removed first
  dump(paste0(nm, "/listwise"), alpha(na.omit(x), keys = s$keys, warnings = FALSE))
  # keys detected from the first principal component
  dump(paste0(nm, "/checkkeys"), suppressWarnings(alpha(x, check.keys = TRUE, warnings = FALSE)))
}
# no keys at all (negatively correlated item kept as is)
dump("agreeableness/nokeys", suppressWarnings(alpha(bfi[, paste0("A", 1:5)], warnings = FALSE)))

# two items: psych's special case for the item-dropped table
dump("two-items", alpha(bfi[, c("A2", "A3")], warnings = FALSE))

# zero-variance item: psych deletes it (warning) but still counts it in the total score
z <- bfi[1:200, paste0("A", 2:5)]
z$K <- 3
dump("zero-variance", suppressWarnings(alpha(z, warnings = FALSE)))

# three respondents, three items, no missing
tiny <- data.frame(a = c(1, 2, 4), b = c(2, 2, 5), c = c(1, 3, 4))
dump("three-respondents", suppressWarnings(alpha(tiny, warnings = FALSE)))

# two respondents: every correlation is +-1, R is singular and smc() uses psych::Pinv
two <- data.frame(a = c(1, 3), b = c(2, 5), c = c(4, 1))
dump("two-respondents", suppressWarnings(alpha(two, warnings = FALSE)))

# Weighted alpha: the psych::alpha formulas applied to the weighted covariance matrix of
# stats::cov.wt (method "unbiased": divisor 1 - sum(w^2) with w normalised to sum 1), on complete
# cases. alpha() on a covariance matrix gives raw_alpha, std.alpha, G6, average_r, S/N, median_r
# and the item-dropped table. Weights: w_i = 1 + (i mod 7) / 3 on the row number i of bfi.
w <- 1 + ((seq_len(nrow(bfi))) %% 7) / 3
write.csv(data.frame(w = w), "bfi-weights.csv", row.names = FALSE)
for (nm in names(scales)) {
  s <- scales[[nm]]
  x <- bfi[, s$items]
  ok <- complete.cases(x)
  xs <- as.matrix(x[ok, ])
  xs[, s$keys < 0] <- (max(xs) + min(xs)) - xs[, s$keys < 0]   # reverse as psych does
  C <- cov.wt(xs, wt = w[ok], method = "unbiased")$cov
  a <- alpha(C, warnings = FALSE)
  case <- paste0(nm, "/weighted")
  t <- a$total
  for (sn in colnames(t)) emit(case, "total", "", sn, t[[sn]])
  emit(case, "total", "", "var.r", a$var.r)
  emit(case, "total", "", "n", sum(ok))
  d <- a$alpha.drop
  for (i in seq_len(nrow(d))) for (sn in colnames(d)) emit(case, "drop", rownames(d)[i], sn, d[i, sn])
}
res <- do.call(rbind, out)
write.csv(res, "reliability.csv", row.names = FALSE)
