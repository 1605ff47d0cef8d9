# Reference weights and estimates for org.civicsurvey.weighting (post-stratification, raking,
# calibration, trimming, weight summaries), computed with R's survey package.
# Run from this directory:   Rscript weighting-reference.R
# Produced with R 4.2.2, survey 4.1.1. Numbers are written with 17 significant digits.
suppressMessages(library(survey))
data(api)
options(survey.lonely.psu = "fail")

num <- function(x) sprintf("%.17g", x)
weights_out <- list()
est_out <- list()
add_weights <- function(dataset, case, design) {
  w <- weights(design)
  weights_out[[length(weights_out) + 1]] <<- data.frame(dataset = dataset, case = case,
    row = seq_along(w), weight = num(w))
}
add_est <- function(dataset, case, design, vars = c("api00", "enroll")) {
  for (v in vars) {
    f <- as.formula(paste0("~", v))
    m <- svymean(f, design); t <- svytotal(f, design)
    est_out[[length(est_out) + 1]] <<- data.frame(dataset = dataset, case = case, variable = v,
      statistic = c("mean", "total"), estimate = num(c(coef(m), coef(t))),
      se = num(c(SE(m), SE(t))), degf = degf(design))
  }
}
tight <- list(maxit = 1000, epsilon = 1e-13)   # rake(): epsilon < 1 is relative to sum of weights

## ---------------------------------------------------------------- apiclus1 (one-stage cluster)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
pop.totals <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069)
pop.enroll <- c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018,
                enroll = sum(apipop$enroll, na.rm = TRUE))

add_weights("apiclus1", "none", dclus1); add_est("apiclus1", "none", dclus1)
ps <- postStratify(dclus1, ~stype, pop.types)
add_weights("apiclus1", "poststratify_stype", ps); add_est("apiclus1", "poststratify_stype", ps)
rk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = tight)
add_weights("apiclus1", "rake_stype_schwide", rk); add_est("apiclus1", "rake_stype_schwide", rk)
cl <- calibrate(dclus1, ~stype + api99, pop.totals)
add_weights("apiclus1", "calibrate_linear_api99", cl); add_est("apiclus1", "calibrate_linear_api99", cl)
ce <- calibrate(dclus1, ~stype + enroll, pop.enroll)
add_weights("apiclus1", "calibrate_linear_enroll", ce); add_est("apiclus1", "calibrate_linear_enroll", ce)
cr <- calibrate(dclus1, ~stype + api99, pop.totals, calfun = "raking", epsilon = 1e-13, maxit = 100)
add_weights("apiclus1", "calibrate_raking_api99", cr); add_est("apiclus1", "calibrate_raking_api99", cr)
cb <- calibrate(dclus1, ~stype + api99, pop.totals, bounds = c(0.6, 1.6), epsilon = 1e-13, maxit = 100)
add_weights("apiclus1", "calibrate_linear_bounds_0.6_1.6", cb); add_est("apiclus1", "calibrate_linear_bounds_0.6_1.6", cb)
cg <- calibrate(dclus1, ~stype + api99, pop.totals, calfun = "logit", bounds = c(0.6, 1.6), epsilon = 1e-13, maxit = 100)
add_weights("apiclus1", "calibrate_logit_bounds_0.6_1.6", cg); add_est("apiclus1", "calibrate_logit_bounds_0.6_1.6", cg)
# a chain: post-stratify, then calibrate the post-stratified design to api99
pc <- calibrate(ps, ~stype + api99, pop.totals)
add_weights("apiclus1", "poststratify_then_calibrate_api99", pc); add_est("apiclus1", "poststratify_then_calibrate_api99", pc)
# trimming a calibrated design: trimWeights(cl, upper = 55, lower = 20) keeps cl's calibration in the variance
tr <- trimWeights(cl, upper = 55, lower = 20)
add_weights("apiclus1", "calibrate_linear_api99_trim_20_55", tr); add_est("apiclus1", "calibrate_linear_api99_trim_20_55", tr)
trs <- trimWeights(cl, upper = 55, lower = 20, strict = TRUE)
add_weights("apiclus1", "calibrate_linear_api99_trim_20_55_strict", trs); add_est("apiclus1", "calibrate_linear_api99_trim_20_55_strict", trs)

## ---------------------------------------------------------------- apistrat (stratified by stype)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
pop.awards <- as.data.frame(table(awards = apipop$awards))
add_weights("apistrat", "none", dstrat); add_est("apistrat", "none", dstrat)
srk <- rake(dstrat, list(~sch.wide, ~awards), list(pop.schwide, pop.awards), control = tight)
add_weights("apistrat", "rake_schwide_awards", srk); add_est("apistrat", "rake_schwide_awards", srk)
scl <- calibrate(dstrat, ~sch.wide + api99, c(`(Intercept)` = 6194, sch.wideYes = 5122, api99 = 3914069))
add_weights("apistrat", "calibrate_linear_schwide_api99", scl); add_est("apistrat", "calibrate_linear_schwide_api99", scl)

## ---------------------------------------------------------------- synthetic satisfaction survey
# 4 regions (strata) x 10 communes (PSUs, 50 per region in the population) x 15 respondents;
# 8 provinces (2 per region), sex (2), age band (5), a 1..5 satisfaction score.
set.seed(20261127)
regions <- 4; communes <- 10; per <- 15
sat <- do.call(rbind, lapply(1:regions, function(r) do.call(rbind, lapply(1:communes, function(k) {
  data.frame(region = r, commune = (r - 1) * communes + k,
             province = sprintf("P%d", 2 * (r - 1) + ifelse(k <= communes / 2, 1, 2)),
             basew = round(runif(1, 60, 180), 3), fpc = 50,
             sex = sample(c("F", "M"), per, replace = TRUE, prob = c(0.62, 0.38)),
             age = sample(c("A18", "A25", "A35", "A50", "A60"), per, replace = TRUE,
                          prob = c(0.10, 0.15, 0.25, 0.30, 0.20)))
}))))
sat$w <- sat$basew * round(runif(nrow(sat), 0.8, 1.25), 3)     # a non-response adjustment per person
lin <- 2.6 + 0.35 * (sat$sex == "M") + 0.12 * as.integer(factor(sat$age)) + 0.2 * (sat$region %% 2) + rnorm(nrow(sat), 0, 1)
sat$score <- pmin(5, pmax(1, round(lin)))
sat$top2 <- as.numeric(sat$score >= 4)
write.csv(sat, "satisfaction-data.csv", row.names = FALSE)

N <- 100000
pop.prov <- data.frame(province = sprintf("P%d", 1:8), Freq = c(9000, 14000, 11000, 16000, 8000, 17000, 12000, 13000))
pop.sex <- data.frame(sex = c("F", "M"), Freq = c(51000, 49000))
pop.age <- data.frame(age = c("A18", "A25", "A35", "A50", "A60"), Freq = c(16000, 22000, 25000, 21000, 16000))
pop.sexage <- expand.grid(sex = c("F", "M"), age = c("A18", "A25", "A35", "A50", "A60"), stringsAsFactors = FALSE)
pop.sexage$Freq <- c(8100, 7900, 11200, 10800, 12800, 12200, 10700, 10300, 8200, 7800)
write.csv(rbind(data.frame(margin = "province", category = pop.prov$province, count = pop.prov$Freq),
                data.frame(margin = "sex", category = pop.sex$sex, count = pop.sex$Freq),
                data.frame(margin = "age", category = pop.age$age, count = pop.age$Freq),
                data.frame(margin = "sex:age", category = paste(pop.sexage$sex, pop.sexage$age, sep = ":"), count = pop.sexage$Freq)),
          "satisfaction-population.csv", row.names = FALSE)
stopifnot(sum(pop.prov$Freq) == N, sum(pop.sex$Freq) == N, sum(pop.age$Freq) == N, sum(pop.sexage$Freq) == N)

dsat <- svydesign(id = ~commune, strata = ~region, weights = ~w, fpc = ~fpc, data = sat, nest = TRUE)
sv <- c("score", "top2")
add_weights("satisfaction", "none", dsat); add_est("satisfaction", "none", dsat, sv)
sps <- postStratify(dsat, ~sex + age, pop.sexage)
add_weights("satisfaction", "poststratify_sex_age", sps); add_est("satisfaction", "poststratify_sex_age", sps, sv)
srake <- rake(dsat, list(~province, ~sex, ~age), list(pop.prov, pop.sex, pop.age), control = tight)
add_weights("satisfaction", "rake_province_sex_age", srake); add_est("satisfaction", "rake_province_sex_age", srake, sv)
tot <- c(`(Intercept)` = N, setNames(pop.prov$Freq[-1], paste0("province", pop.prov$province[-1])),
         sexM = 49000, setNames(pop.age$Freq[-1], paste0("age", pop.age$age[-1])))
slin <- calibrate(dsat, ~province + sex + age, tot)
add_weights("satisfaction", "calibrate_linear", slin); add_est("satisfaction", "calibrate_linear", slin, sv)
sraking <- calibrate(dsat, ~province + sex + age, tot, calfun = "raking", epsilon = 1e-13, maxit = 100)
add_weights("satisfaction", "calibrate_raking", sraking); add_est("satisfaction", "calibrate_raking", sraking, sv)
sbound <- calibrate(dsat, ~province + sex + age, tot, bounds = c(0.7, 2.5), epsilon = 1e-13, maxit = 100)
add_weights("satisfaction", "calibrate_linear_bounds_0.7_2.5", sbound); add_est("satisfaction", "calibrate_linear_bounds_0.7_2.5", sbound, sv)
slogit <- calibrate(dsat, ~province + sex + age, tot, calfun = "logit", bounds = c(0.7, 2.5), epsilon = 1e-13, maxit = 100)
add_weights("satisfaction", "calibrate_logit_bounds_0.7_2.5", slogit); add_est("satisfaction", "calibrate_logit_bounds_0.7_2.5", slogit, sv)
strim <- trimWeights(srake, upper = 400, lower = 60)
add_weights("satisfaction", "rake_trim_60_400", strim); add_est("satisfaction", "rake_trim_60_400", strim, sv)

# stopped early: two sweeps only (R warns "Raking did not converge after 2 iterations")
srake2 <- suppressWarnings(rake(dsat, list(~province, ~sex, ~age), list(pop.prov, pop.sex, pop.age),
                                control = list(maxit = 2, epsilon = 1e-13)))
add_weights("satisfaction", "rake_province_sex_age_2_sweeps", srake2)
gap <- function(f, pop) { t <- svytable(f, srake2); max(abs(as.vector(t[as.character(pop[[1]])]) - pop$Freq)) }
write.csv(data.frame(margin = c("province", "sex", "age"),
                     largest_abs_discrepancy = num(c(gap(~province, pop.prov), gap(~sex, pop.sex), gap(~age, pop.age)))),
          "rake-2-sweeps-discrepancy.csv", row.names = FALSE)

write.csv(do.call(rbind, weights_out), "weights.csv", row.names = FALSE)
write.csv(do.call(rbind, est_out), "estimates.csv", row.names = FALSE)

## ---------------------------------------------------------------- domain means on weighted designs
dom <- list()
for (cs in list(list("poststratify_stype", ps), list("rake_stype_schwide", rk), list("calibrate_linear_api99", cl))) {
  b <- svyby(~api00, ~awards, cs[[2]], svymean)
  dom[[length(dom) + 1]] <- data.frame(dataset = "apiclus1", case = cs[[1]], variable = "api00", by = "awards",
    domain = as.character(b$awards), estimate = num(coef(b)), se = num(SE(b)))
}
write.csv(do.call(rbind, dom), "domain-estimates.csv", row.names = FALSE)

## ---------------------------------------------------------------- weight summaries
# Kish (1965, Survey Sampling, sec. 11.7; 1992, J. Official Statistics 8:183-200):
# deff_w = n * sum(w^2) / sum(w)^2 = 1 + CV^2 with the population CV (divisor n); n_eff = n / deff_w.
summ <- function(dataset, case, w) {
  n <- length(w); m <- mean(w); cv <- sqrt(mean((w - m)^2)) / m
  data.frame(dataset = dataset, case = case, n = n, min = num(min(w)), max = num(max(w)),
             mean = num(m), sum = num(sum(w)), cv = num(cv), kish_n = num(sum(w)^2 / sum(w^2)),
             deff = num(n * sum(w^2) / sum(w)^2))
}
write.csv(rbind(summ("apistrat", "none", weights(dstrat)), summ("satisfaction", "none", weights(dsat)),
                summ("satisfaction", "rake_province_sex_age", weights(srake)),
                summ("apiclus1", "calibrate_linear_api99", weights(cl))),
          "weight-summary.csv", row.names = FALSE)

## ---------------------------------------------------------------- convergence facts
# number of sweeps rake() needed, and whether calibrate(..., bounds=c(0.9, 1.1)) fails (it does)
fail <- tryCatch({ calibrate(dclus1, ~stype + api99, pop.totals, bounds = c(0.9, 1.1), maxit = 100); "converged" },
                 error = function(e) conditionMessage(e))
cat("calibrate(dclus1, ~stype+api99, pop.totals, bounds=c(0.9,1.1), maxit=100):", fail, "\n")
