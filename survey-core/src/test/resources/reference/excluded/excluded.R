# Reference intervals for a proportion when some answers are excluded ("don't know",
# "not applicable", "refused", missing), computed with R's survey package.
# Written with R 4.2.2 and survey 4.1.1. Run from this directory:
#   Rscript excluded.R
# Writes, beside this script:
#   excluded-data.csv        the seeded data set: id,stratum,psu,weight,fpc,province,q,status
#                            (q is a 1..5 rating, empty exactly when status != "valid")
#   excluded-expected.csv    design,call,domain,method,estimate,se,lower,upper,df,rows
#   excluded-likelihood.csv  intermediate quantities of every method = "likelihood" interval
#   excluded-profile.csv     the profile points R's likelihood interval is interpolated from
# Numbers are printed with 17 significant digits; an empty field is R's NA.
#
# The statistic is the share of positive answers, q >= 4, among valid answers. R's survey
# package represents an excluded answer as NA and is called the way an R user does:
#   call "whole"        svyciprop(~I(q >= 4), design, method = m, na.rm = TRUE)
#   call "whole_subset" svyciprop(~I(q >= 4), subset(design, !is.na(q)), method = m)
#   call "svyby"        svyby(~I(q >= 4), ~province, design, svyciprop, method = m,
#                             vartype = c("se", "ci"), na.rm = TRUE)
#   call "svyby_subset" svyby(~I(q >= 4), ~province, subset(design, !is.na(q)), svyciprop,
#                             method = m, vartype = c("se", "ci"))
# "whole" and "whole_subset" give the same estimate and se; they differ in the degrees of
# freedom (and, for "beta", the row count; for "likelihood", the weight rescaling) because
# svyciprop evaluates degf(design) and nrow(design) on the design it was given.
#
# Column df  = degf() of the design svyciprop received: the full design ("whole"), the
#              valid-answer subset ("whole_subset"), or the province's domain design that
#              svyby builds as design[province == k, ] ("svyby"; "svyby_subset": the same
#              built from the valid-answer subset).
# Column rows: "beta"       nrow() of that same design (excluded rows included unless the
#                           design is the valid-answer subset);
#              "likelihood" the rows of the quasibinomial glm (valid answers of that design),
#                           which set the F quantile that bounds the profile;
#              other methods: empty (not used).
# The script checks df and rows by recomputing every Wald-type and beta interval from
# estimate, se, df and rows and comparing it with R's own interval.
#
# excluded-likelihood.csv has one row per likelihood interval (keys design, call, domain,
# level), with R's intermediate values (confint.svyglm, method = "likelihood"):
#   rows        rows of the glm (valid answers of the evaluated design)
#   weight_mean mean weight over ALL rows of the evaluated design (svyglm rescales the
#               weights by it, excluded rows included)
#   b0, se_b    glm intercept (logit scale) and its design-based standard error
#   naive_var   the glm's unscaled variance: 1 / sum of the last IRLS iteration's weights
#   lambda      se_b^2 / naive_var
#   deviance    deviance at b0 (rescaled weights); dispersion: summary.svyglm's dispersion
#   df, alpha   alpha = pnorm(qt((1 - level) / 2, df) * sqrt(lambda)) / 2
#   zmax, del   profile bound sqrt(qf(alpha, 1, rows - 1, lower.tail = FALSE)) and step zmax / 5
#   cutoff      |z| at which the spline of the profile is inverted: -qnorm(2 * alpha)
#   points      number of profile points; lower, upper: the interval
# excluded-profile.csv lists those points (b on the logit scale, signed root deviance z).

suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)  # the defaults, stated

fmt <- function(x) ifelse(is.na(x), "", sprintf("%.17g", as.numeric(x)))
expit <- function(eta) exp(eta) / (1 + exp(eta))   # survey's own expit: NaN for eta > ~709

# ---- data --------------------------------------------------------------------------------
set.seed(20240612)
n_strata <- 6
psu_per_stratum <- 5
popsize <- c(40, 48, 56, 64, 72, 80)              # population size in PSUs, by stratum
psu_rows <- sample(16:24, n_strata * psu_per_stratum, replace = TRUE)
psu <- rep(seq_len(n_strata * psu_per_stratum), psu_rows)        # 1..30, unique across strata
stratum <- (psu - 1) %/% psu_per_stratum + 1
n <- length(psu)
province <- sample(1:4, n, replace = TRUE, prob = c(0.40, 0.30, 0.25, 0.05))
# province 4 is answered only in PSUs 2, 3 (stratum 1), 12 (stratum 3) and 27 (stratum 6):
# make sure each of them has province-4 respondents
valid4 <- c(2, 3, 12, 27)
for (k in valid4) province[which(psu == k)[1:3]] <- 4
weight <- round(runif(n, 20, 200) * c(1, 1.2, 0.8, 1.5, 1, 0.7)[stratum], 2)
fpc <- popsize[stratum]
psu_effect <- rnorm(n_strata * psu_per_stratum, 0, 0.5)
latent <- rnorm(n) + psu_effect[psu] + c(0.3, 0, -0.3, 0.2)[province] + 0.1 * (stratum - 3.5)
q <- as.integer(cut(latent, c(-Inf, -1.3, -0.5, 0.3, 1.0, Inf)))   # rating 1..5

# exclusions: a little at random, plus the deliberate edge cases
excluded <- runif(n) < 0.02
excluded[psu == 8] <- TRUE                                   # (1) PSU 8: every answer excluded
excluded[stratum == 5 & province == 3] <- TRUE               # (2) stratum 5: province 3 all excluded
excluded[province == 4 & !(psu %in% valid4)] <- TRUE         # (3) province 4: valid in 4 PSUs only
excluded[province == 4 & psu %in% valid4] <- FALSE
excluded[province == 2 & stratum == 4 & psu != 18] <- TRUE   # (4) province 2 x stratum 4: one PSU
excluded[province == 2 & psu == 18] <- FALSE
status <- ifelse(excluded,
                 sample(c("dont_know", "not_applicable", "refused", "missing"), n,
                        replace = TRUE, prob = c(0.4, 0.25, 0.15, 0.2)),
                 "valid")
q[excluded] <- NA
data <- data.frame(id = seq_len(n), stratum, psu, weight, fpc, province, q, status)
write.csv(data, "excluded-data.csv", row.names = FALSE, na = "", quote = FALSE)

# everything below uses the data exactly as written
d <- read.csv("excluded-data.csv", stringsAsFactors = FALSE)
stopifnot(identical(is.na(d$q), d$status != "valid"))
valid <- !is.na(d$q)
stopifnot(!any(valid[d$psu == 8]),
          !any(valid[d$stratum == 5 & d$province == 3]), any(d$stratum == 5 & d$province == 3),
          setequal(unique(d$psu[valid & d$province == 4]), valid4),
          length(unique(d$psu[d$province == 4])) > 20,
          identical(unique(d$psu[valid & d$province == 2 & d$stratum == 4]), 18L),
          length(unique(d$psu[d$province == 2 & d$stratum == 4])) == 5)
cat(sprintf("rows %d, excluded %d (%.1f%%)\n", nrow(d), sum(!valid), 100 * mean(!valid)))

# ---- designs -----------------------------------------------------------------------------
designs <- list(
  srs   = svydesign(id = ~1, weights = ~weight, data = d),
  strat = svydesign(id = ~1, strata = ~stratum, weights = ~weight, data = d),
  clus  = svydesign(id = ~psu, strata = ~stratum, weights = ~weight, fpc = ~fpc, data = d))
methods <- c("logit", "likelihood", "asin", "beta", "mean", "xlogit")

out <- list()
lik <- list()
prof <- list()
emit <- function(design, call, domain, method, r, df, rows) {
  ci <- as.numeric(attr(r, "ci"))
  out[[length(out) + 1]] <<- data.frame(
    design = design, call = call, domain = domain, method = method,
    estimate = fmt(as.numeric(r)), se = fmt(sqrt(as.numeric(attr(r, "var")))),
    lower = fmt(ci[1]), upper = fmt(ci[2]), df = fmt(df), rows = fmt(rows))
}

# Rows R uses, reproduced from svyciprop's source on the design it evaluated (dsg):
#   beta:       nrow(dsg) in qt(alpha / 2, nrow(dsg) - 1)
#   likelihood: NROW of the glm's response after na.omit, in qf(alpha, 1, n - 1)
rows_used <- function(method, dsg) {
  switch(method,
         beta = nrow(dsg),
         likelihood = sum(!is.na(model.frame(dsg)$q)),
         NA)
}

# Recompute an interval from estimate, se, df and rows with the formulas of svyciprop's
# source, to check that df and rows are the ones R used.
recompute <- function(method, p, se, df, rows, level) {
  a <- (1 - level) / 2
  t <- qt(1 - a, df)
  switch(method,
         mean = p + c(-1, 1) * t * se,
         logit = {   # confint.svyglm's Wald path: a normal quantile at level 1 - 2 pnorm(qt(a, df))
           tlevel <- 1 - 2 * pnorm(qt(a, df))
           eta <- qlogis(p) + qnorm(c((1 - tlevel) / 2, 1 - (1 - tlevel) / 2)) * se / (p * (1 - p))
           expit(eta)
         },
         xlogit = plogis(qlogis(p) + c(-1, 1) * t * se / (p * (1 - p))),
         asin = sin(asin(sqrt(p)) + c(-1, 1) * t * se / (2 * sqrt(p * (1 - p))))^2,
         beta = {
           neff <- p * (1 - p) / se^2 * (qt(a, rows - 1) / qt(a, df))^2
           c(qbeta(a, neff * p, neff * (1 - p) + 1), qbeta(1 - a, neff * p + 1, neff * (1 - p)))
         },
         likelihood = c(NA, NA))
}
check <- function(method, r, df, rows, level) {
  if (method == "likelihood") return(invisible())
  ci <- as.numeric(attr(r, "ci"))
  re <- recompute(method, as.numeric(r), sqrt(as.numeric(attr(r, "var"))), df, rows, level)
  if (!isTRUE(all.equal(ci, re, tolerance = 1e-9)))
    stop("df/rows do not reproduce R's interval: ", method, " ", paste(ci, re))
}

# Intermediate quantities of R's likelihood interval (confint.svyglm, method = "likelihood",
# ddf = df), taken from R's own objects and functions.
record_likelihood <- function(design, call, domain, level, dsg, df) {
  m <- svyglm(I(q >= 4) ~ 1, dsg, family = quasibinomial)
  lambda <- m$cov.unscaled[1, 1] / m$naive.cov[1, 1]
  alpha <- pnorm(qt((1 - level) / 2, df = df) * sqrt(lambda)) / 2
  p <- survey:::MASSprofile_glm(fitted = m, which = 1, alpha = alpha)
  ci <- survey:::confint_profile(p, parm = 1, level = level, unscaled_level = 2 * alpha)
  summ <- summary(m)
  nrows <- NROW(model.response(model.frame(m)))
  zmax <- sqrt(qf(alpha, 1, nrows - 1, lower.tail = FALSE))
  lik[[length(lik) + 1]] <<- data.frame(
    design = design, call = call, domain = domain, level = format(level),
    rows = fmt(nrows), weight_mean = fmt(mean(1 / dsg$prob)),
    b0 = fmt(coef(m)[1]), se_b = fmt(sqrt(m$cov.unscaled[1, 1])),
    naive_var = fmt(m$naive.cov[1, 1]), lambda = fmt(lambda),
    deviance = fmt(deviance(m)), dispersion = fmt(as.numeric(summ$dispersion)),
    df = fmt(df), alpha = fmt(alpha), zmax = fmt(zmax), del = fmt(zmax / 5),
    cutoff = fmt(-qnorm(2 * alpha)), points = nrow(p[[1]]),
    lower = fmt(expit(ci[1])), upper = fmt(expit(ci[2])))
  pv <- p[[1]]
  prof[[length(prof) + 1]] <<- data.frame(
    design = design, call = call, domain = domain, level = format(level),
    b = fmt(as.numeric(pv$par.vals)), z = fmt(pv$tau))
  expit(ci)
}

# one svyciprop call: emit the row, check df/rows, record likelihood details
run <- function(design, call, domain, method, tag, r, dsg, level) {
  df <- degf(dsg)
  rows <- rows_used(method, dsg)
  emit(design, call, domain, tag, r, df, rows)
  check(method, r, df, rows, level)
  if (method == "likelihood") {
    ci <- record_likelihood(design, call, domain, level, dsg, df)
    stopifnot(isTRUE(all.equal(as.numeric(ci), as.numeric(attr(r, "ci")), tolerance = 1e-12)))
  }
}

# ---- whole sample ------------------------------------------------------------------------
for (dn in names(designs)) {
  des <- designs[[dn]]
  valid_only <- subset(des, !is.na(q))
  for (m in methods) {
    r <- svyciprop(~I(q >= 4), des, method = m, na.rm = TRUE)
    run(dn, "whole", "all", m, m, r, des, 0.95)
    r2 <- svyciprop(~I(q >= 4), valid_only, method = m)
    run(dn, "whole_subset", "all", m, m, r2, valid_only, 0.95)
    stopifnot(all.equal(as.numeric(r), as.numeric(r2)), all.equal(attr(r, "var"), attr(r2, "var")))
  }
}

# ---- level 0.90, clus design, whole sample: logit, beta and likelihood ----------------------
des <- designs$clus
valid_only <- subset(des, !is.na(q))
for (m in c("logit", "beta", "likelihood")) {
  r <- svyciprop(~I(q >= 4), des, method = m, level = 0.90, na.rm = TRUE)
  run("clus", "whole", "all", m, paste0(m, "@0.90"), r, des, 0.90)
  r2 <- svyciprop(~I(q >= 4), valid_only, method = m, level = 0.90)
  run("clus", "whole_subset", "all", m, paste0(m, "@0.90"), r2, valid_only, 0.90)
}

# ---- provinces (svyby) -------------------------------------------------------------------
# svyby calls svyciprop(formula, design[byfactor %in% byfactor[i], ], deff = FALSE, ...), so
# na.rm = TRUE reaches svyciprop and every default (df = degf(design)) is evaluated on the
# province's domain design, excluded rows included:
#   call "svyby"        svyby(~I(q >= 4), ~province, design, svyciprop, method = m,
#                             vartype = c("se", "ci"), na.rm = TRUE)
# For comparison, the same on the valid-answer subset (the domain analogue of whole_subset),
# where df is that of the province's valid answers (1 for province 4 in clus):
#   call "svyby_subset" svyby(~I(q >= 4), ~province, subset(design, !is.na(q)), svyciprop,
#                             method = m, vartype = c("se", "ci"))
for (dn in names(designs)) {
  for (call in c("svyby", "svyby_subset")) {
    des <- if (call == "svyby") designs[[dn]] else subset(designs[[dn]], !is.na(q))
    for (m in methods) {
      b <- if (call == "svyby") {
        svyby(~I(q >= 4), ~province, des, svyciprop, method = m, vartype = c("se", "ci"),
              na.rm = TRUE)
      } else {
        svyby(~I(q >= 4), ~province, des, svyciprop, method = m, vartype = c("se", "ci"))
      }
      for (k in sort(unique(d$province))) {
        dom <- des[des$variables$province == k, ]       # what svyby hands to svyciprop
        r <- svyciprop(~I(q >= 4), dom, method = m, na.rm = TRUE)
        row <- b[as.character(k), ]
        stopifnot(isTRUE(all.equal(c(row[[2]], row$se, row$ci_l, row$ci_u),
                                   c(as.numeric(r), sqrt(as.numeric(attr(r, "var"))),
                                     as.numeric(attr(r, "ci"))), tolerance = 1e-14)))
        run(dn, call, as.character(k), m, m, r, dom, 0.95)
      }
    }
  }
}

write.csv(do.call(rbind, out), "excluded-expected.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, lik), "excluded-likelihood.csv", row.names = FALSE, quote = FALSE)
write.csv(do.call(rbind, prof), "excluded-profile.csv", row.names = FALSE, quote = FALSE)

# ---- ProportionInterval.LIKELIHOOD on its own (no weights, no exclusions): the valid answers
# as a simple random sample with equal weights, svyciprop(method = "likelihood") at two levels.
# Writes excluded-equal-weights.csv: level,estimate,se,lower,upper,df,rows.
eqd <- svydesign(id = ~1, weights = ~1, data = data[!is.na(data$q), ])
eq <- list()
for (lv in c(0.95, 0.90)) {
  ci <- svyciprop(~I(q >= 4), eqd, method = "likelihood", level = lv)
  eq[[length(eq) + 1]] <- data.frame(level = lv, estimate = fmt(coef(ci)), se = fmt(SE(ci)),
    lower = fmt(confint(ci)[1]), upper = fmt(confint(ci)[2]), df = degf(eqd), rows = nrow(eqd))
}
write.csv(do.call(rbind, eq), "excluded-equal-weights.csv", row.names = FALSE, quote = FALSE)
