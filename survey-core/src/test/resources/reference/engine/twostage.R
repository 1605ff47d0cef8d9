# Reference estimates for a stratified two-stage design whose second stage enters the variance,
# estimated from rows and from sufficient statistics (org.civicsurvey.stats.EstimatorTest, design
# "syn_clus2"; the same columns as estimates.csv).
# Run from this directory:  Rscript twostage.R   (reads synthetic.csv, written by estimates.R)
# Writes twostage.csv. survey 4.1.1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")
syn <- read.csv("synthetic.csv")
# five SSUs in every PSU (row number modulo 5); PSU populations of 5 to 11 SSUs, so the PSUs whose
# code is a multiple of 7 have all their SSUs sampled (no stage-2 variance there)
syn$ssu <- seq_len(nrow(syn)) %% 5 + 1
syn$fpc2 <- 5 + syn$psu %% 7
stopifnot(all(tapply(syn$ssu, syn$psu, function(s) length(unique(s))) == 5))
for (k in 1:5) {
  q <- syn[[paste0("q", k)]]
  v <- ifelse(is.na(q) | q > 5, NA, q)
  syn[[paste0("y", k)]] <- v
  syn[[paste0("t", k)]] <- as.numeric(!is.na(v) & v >= 4)
  syn[[paste0("v", k)]] <- as.numeric(!is.na(v))
}
d <- svydesign(id = ~psu + ssu, strata = ~stratum, fpc = ~fpc + fpc2, weights = ~w, data = syn)
dn <- "syn_clus2"

out <- NULL
add <- function(design, domain, variable, statistic, value, se, lower = NA, upper = NA, deff = NA, method = "") {
  out <<- rbind(out, data.frame(design = design, domain = domain, variable = variable, statistic = statistic,
                                value = as.numeric(value)[1], se = as.numeric(se)[1], lower = as.numeric(lower)[1],
                                upper = as.numeric(upper)[1], deff = as.numeric(deff)[1], method = method))
}
for (k in 1:5) {
  y <- paste0("y", k)
  f <- as.formula(paste0("~", y))
  m <- svymean(f, d, na.rm = TRUE, deff = TRUE)
  add(dn, "all", paste0("q", k), "mean", coef(m), SE(m), confint(m)[1], confint(m)[2], deff(m))
  t <- svytotal(f, d, na.rm = TRUE, deff = TRUE)
  add(dn, "all", paste0("q", k), "total", coef(t), SE(t), confint(t)[1], confint(t)[2], deff(t))
  b <- svyby(f, ~province, d, svymean, na.rm = TRUE, deff = TRUE)
  cb <- confint(b)
  for (i in seq_len(nrow(b))) add(dn, as.character(b[i, 1]), paste0("q", k), "mean", b[i, 2], b[i, 3], cb[i, 1], cb[i, 2], b[i, 4])
  bt <- svyby(f, ~province, d, svytotal, na.rm = TRUE, deff = TRUE)
  for (i in seq_len(nrow(bt))) add(dn, as.character(bt[i, 1]), paste0("q", k), "total", bt[i, 2], bt[i, 3], NA, NA, bt[i, 4])
  top <- as.formula(paste0("~I(", y, ">=4)"))
  for (meth in c("logit", "xlogit", "beta", "mean", "asin")) {
    p <- svyciprop(top, d, method = meth, na.rm = TRUE)
    add(dn, "all", paste0("q", k), "top2", coef(p), SE(p), attr(p, "ci")[1], attr(p, "ci")[2], NA, meth)
  }
  # by province, R's defaults: svyciprop's df = degf(design) is the domain's (its PSUs minus its strata)
  for (meth in c("logit", "beta")) {
    pb <- svyby(top, ~province, d, svyciprop, method = meth, na.rm = TRUE, vartype = c("se", "ci"))
    for (i in seq_len(nrow(pb))) add(dn, as.character(pb[i, 1]), paste0("q", k), "top2", pb[i, 2], pb[i, 3], pb[i, 4], pb[i, 5],
                                     NA, meth)
  }
  pc <- svymean(as.formula(paste0("~factor(", y, ")")), d, na.rm = TRUE)
  for (c in 1:5) add(dn, "all", paste0("q", k), paste0("category", c), coef(pc)[c], SE(pc)[c])
}
# joint top-2-box shares of the five items (separate valid sets) as ratios of totals
r <- svyratio(~t1 + t2 + t3 + t4 + t5, ~v1 + v2 + v3 + v4 + v5, d, covmat = TRUE)
idx <- c(1, 7, 13, 19, 25)
V <- r$vcov[idx, idx]
est <- diag(r$ratio)
for (a in 1:5) for (b in 1:5) add(dn, "all", paste0("q", a, ",q", b), "top2cov", if (a == b) est[a] else NA, V[a, b])
add(dn, "all", "q1..q5", "top2average", mean(est), sqrt(drop(t(rep(0.2, 5)) %*% V %*% rep(0.2, 5))))
d2 <- update(d, a1 = t1 * (province == 1), a2 = t1 * (province == 2), b1 = v1 * (province == 1), b2 = v1 * (province == 2))
rp <- svyratio(~a1 + a2, ~b1 + b2, d2, covmat = TRUE)
Vp <- rp$vcov[c(1, 4), c(1, 4)]
add(dn, "1-2", "q1", "top2contrast", rp$ratio[1, 1] - rp$ratio[2, 2], sqrt(Vp[1, 1] + Vp[2, 2] - 2 * Vp[1, 2]))
write.csv(out, "twostage.csv", row.names = FALSE)
cat("degf:", degf(d), " rows:", nrow(out), "\n")
