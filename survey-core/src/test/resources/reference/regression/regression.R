# Reference values for org.civicsurvey.analysis.regression: svyglm (gaussian, quasibinomial),
# regTermTest, svypredmeans and svyolr, computed with R 4.2.2 and survey 4.1.1 on the api data
# (../api/*.csv, written by export-api.R) and on satisfaction.csv (written by satisfaction.R);
# svyglm, regTermTest and svypredmeans also on replicate-weight designs (cases "rep...").
# Run from this directory:
#   Rscript regression.R
# Writes regression.csv in long form: case, stat, value (17 significant digits). Stats per
# coefficient c: est.c, se.c, t.c, p.c, lower.c, upper.c (confint, 95%), and vcov.c1.c2; per model:
# df (the residual df of summary/regTermTest), n (rows used); per term test: F, df, ddf, p, chisq;
# per predicted mean g: mean.g, se.g, cov.g1.g2.
suppressPackageStartupMessages(library(survey))
api <- function(name) read.csv(file.path("..", "api", paste0(name, ".csv")), stringsAsFactors = TRUE)
apistrat <- api("apistrat"); apiclus1 <- api("apiclus1"); apiclus2 <- api("apiclus2")
sat <- read.csv("satisfaction.csv", stringsAsFactors = TRUE)
sat$rating <- factor(sat$rating)

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
dclus2nofpc <- svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)
dsat <- svydesign(id = ~office, strata = ~region, fpc = ~fpc1, weights = ~pw, data = sat)
dsat2 <- svydesign(id = ~office + I(seq_len(nrow(sat))), strata = ~region, fpc = ~fpc1 + fpc2, weights = ~pw, data = sat)

out <- list()
emit <- function(case, stat, value) {
  out[[length(out) + 1]] <<- data.frame(case = case, stat = stat, value = sprintf("%.17g", as.numeric(value)))
}
emit_coefs <- function(case, est, V, df) {
  se <- sqrt(diag(V)); t <- est / se
  for (i in seq_along(est)) {
    nm <- names(est)[i]
    emit(case, paste0("est.", nm), est[i]); emit(case, paste0("se.", nm), se[i]); emit(case, paste0("t.", nm), t[i])
    for (j in seq_along(est)) emit(case, paste0("vcov.", nm, ".", names(est)[j]), V[i, j])
  }
  emit(case, "df", df)
}
glm_case <- function(case, model) {
  s <- summary(model)
  tab <- coef(s)
  emit_coefs(case, coef(model), vcov(model), model$df.residual)
  ci <- confint(model)
  for (nm in rownames(tab)) {
    emit(case, paste0("p.", nm), tab[nm, 4])
    emit(case, paste0("lower.", nm), ci[nm, 1]); emit(case, paste0("upper.", nm), ci[nm, 2])
  }
  emit(case, "n", length(model$y))
  emit(case, "iter", model$iter)
}
term_test <- function(case, model, terms) {
  r <- regTermTest(model, terms)
  c <- paste0(case, "/regTermTest", deparse(terms))
  emit(c, "F", r$Ftest); emit(c, "df", r$df); emit(c, "ddf", r$ddf); emit(c, "p", r$p)
  emit(c, "chisq", r$Ftest * r$df)
}
pred_means <- function(case, model, group) {
  p <- svypredmeans(model, group)
  V <- vcov(p)
  g <- names(coef(p))
  for (i in seq_along(g)) {
    emit(case, paste0("mean.", g[i]), coef(p)[i]); emit(case, paste0("se.", g[i]), sqrt(V[i, i]))
    for (j in seq_along(g)) emit(case, paste0("cov.", g[i], ".", g[j]), V[i, j])
  }
}
olr_case <- function(case, model) {
  est <- coef(model)  # the coefficients, then the cut-points zeta
  emit_coefs(case, est, vcov(model), model$df.residual)
  t <- est / sqrt(diag(vcov(model)))
  # summary.svyolr prints no p-values; these are 2 pt(-|t|, df.residual), regTermTest's for one coefficient
  for (i in seq_along(est)) emit(case, paste0("p.", names(est)[i]), 2 * pt(-abs(t[i]), model$df.residual))
  emit(case, "n", nrow(model$fitted.values))
  emit(case, "deviance", model$deviance)
  emit(case, "convergence", model$convergence)
  emit(case, "fevals", model$niter[1]); emit(case, "gevals", model$niter[2])
}

## svyglm, gaussian
m <- svyglm(api00 ~ ell + meals + mobility, design = dclus2)
glm_case("glm/dclus2/api00~ell+meals+mobility", m)
term_test("glm/dclus2/api00~ell+meals+mobility", m, ~ell + meals)
m <- svyglm(api00 ~ ell + meals + stype, design = dclus1)
glm_case("glm/dclus1/api00~ell+meals+stype", m)
term_test("glm/dclus1/api00~ell+meals+stype", m, ~stype)
term_test("glm/dclus1/api00~ell+meals+stype", m, ~ell + stype)
pred_means("predmeans/dclus1/api00~ell+meals|stype", svyglm(api00 ~ ell + meals, design = dclus1), ~stype)
# missing values: rows with NA acs.46 leave the fit (na.omit), the weights are rescaled before
m <- svyglm(api00 ~ acs.46 + ell + stype, design = dstrat)
glm_case("glm/dstrat/api00~acs.46+ell+stype", m)
m <- svyglm(api00 ~ enroll + ell, design = dclus2nofpc)
glm_case("glm/dclus2nofpc/api00~enroll+ell", m)
# domains: subset() of the design, and svyglm's subset argument
m <- svyglm(api00 ~ ell + meals, design = subset(dstrat, comp.imp == "Yes"))
glm_case("glm/dstrat[comp.imp==Yes]/api00~ell+meals", m)
m <- svyglm(api00 ~ ell + mobility, design = dclus2, subset = stype != "H")
glm_case("glm/dclus2[stype!=H]/api00~ell+mobility", m)

# zero weights (schools that did not meet the comprehensive improvement target get weight 0): they stay in
# the design and in the mean that rescales the weights, and leave the fit and degf
apistrat$pwz <- apistrat$pw * (apistrat$comp.imp == "Yes")
dzero <- svydesign(id = ~1, strata = ~stype, weights = ~pwz, data = apistrat, fpc = ~fpc)
glm_case("glm/dzero/api00~ell+meals", svyglm(api00 ~ ell + meals, design = dzero))
glm_case("qb/dzero/sch.wide~ell+meals", svyglm(sch.wide ~ ell + meals, design = dzero, family = quasibinomial()))

## svyglm, quasibinomial
m <- svyglm(sch.wide ~ ell + meals, design = dstrat, family = quasibinomial())
glm_case("qb/dstrat/sch.wide~ell+meals", m)
term_test("qb/dstrat/sch.wide~ell+meals", m, ~ell + meals)
m <- svyglm(comp.imp ~ stype + ell + mobility, design = dclus1, family = quasibinomial())
glm_case("qb/dclus1/comp.imp~stype+ell+mobility", m)
term_test("qb/dclus1/comp.imp~stype+ell+mobility", m, ~stype)
m <- svyglm(awards ~ ell + meals + enroll, design = dclus2, family = quasibinomial())
glm_case("qb/dclus2/awards~ell+meals+enroll", m)
# a proportion as the outcome (R allows y in [0, 1])
m <- svyglm(I(meals / 100) ~ ell + stype, design = dstrat, family = quasibinomial())
glm_case("qb/dstrat/meals/100~ell+stype", m)
m <- svyglm(sch.wide ~ ell + meals, design = subset(dclus1, stype == "E"), family = quasibinomial())
glm_case("qb/dclus1[stype==E]/sch.wide~ell+meals", m)
pred_means("predmeans/dstrat/sch.wide~ell+meals|stype",
           svyglm(sch.wide ~ ell + meals, design = dstrat, family = quasibinomial()), ~stype)

## satisfaction data
m <- svyglm(satisfied ~ channel + agegroup + wait + female, design = dsat, family = quasibinomial())
glm_case("qb/dsat/satisfied~channel+agegroup+wait+female", m)
term_test("qb/dsat/satisfied~channel+agegroup+wait+female", m, ~channel)
term_test("qb/dsat/satisfied~channel+agegroup+wait+female", m, ~channel + agegroup)
# the model of docs/analysis.md's example (mirrored by RegressionDocsTest), and its predicted means
m <- svyglm(satisfied ~ channel + agegroup + wait, design = dsat, family = quasibinomial())
glm_case("qb/dsat/satisfied~channel+agegroup+wait", m)
term_test("qb/dsat/satisfied~channel+agegroup+wait", m, ~channel)
pred_means("predmeans/dsat/satisfied~agegroup+wait|channel",
           svyglm(satisfied ~ agegroup + wait, design = dsat, family = quasibinomial()), ~channel)
m <- svyglm(as.numeric(rating) ~ channel + agegroup + wait, design = dsat2)
glm_case("glm/dsat2/rating~channel+agegroup+wait", m)
term_test("glm/dsat2/rating~channel+agegroup+wait", m, ~agegroup)
m <- svyglm(satisfied ~ channel + wait, design = subset(dsat, region != 2), family = quasibinomial())
glm_case("qb/dsat[region!=2]/satisfied~channel+wait", m)
pred_means("predmeans/dsat/satisfied~agegroup+female|channel",
           svyglm(satisfied ~ agegroup + female, design = subset(dsat, !is.na(rating)), family = quasibinomial()), ~channel)
pred_means("predmeans/dsat2/rating~agegroup+female|channel",
           svyglm(as.numeric(rating) ~ agegroup + female, design = subset(dsat2, !is.na(rating))), ~channel)

## svyolr (proportional-odds logit), R's optim defaults (BFGS, reltol 1.490116e-08, maxit 100)
dclus1 <- update(dclus1, mealcat = cut(meals, c(0, 25, 50, 75, 100)))
m <- svyolr(mealcat ~ avg.ed + mobility + stype, design = dclus1)
olr_case("olr/dclus1/mealcat~avg.ed+mobility+stype", m)
term_test("olr/dclus1/mealcat~avg.ed+mobility+stype", m, ~avg.ed + stype)
m <- svyolr(rating ~ channel + agegroup + wait, design = dsat)
olr_case("olr/dsat/rating~channel+agegroup+wait", m)
term_test("olr/dsat/rating~channel+agegroup+wait", m, ~channel)
m <- svyolr(rating ~ channel + female, design = subset(dsat2, region != 4))
olr_case("olr/dsat2[region!=4]/rating~channel+female", m)
# the same model optimised to a tight tolerance (optim's reltol), i.e. to the maximum
m <- svyolr(rating ~ channel + agegroup + wait, design = dsat, control = list(reltol = 1e-13, maxit = 1000))
olr_case("olr-tight/dsat/rating~channel+agegroup+wait", m)

## replicate-weight designs (svyglm.svyrep.design): the full-sample fit, the vcov from the refits with each
## replicate's weights (svrVar with the design's scale, rscales, mse), df = degf(design) + 1 - p
jk1 <- as.svrepdesign(dclus1)                                    # JK1, the fpc in the scale
jk1mse <- as.svrepdesign(dclus1, type = "JK1", mse = TRUE)
jkn <- as.svrepdesign(dstrat, type = "JKn")                       # 200 replicates, the fpc in rscales
fay <- as.svrepdesign(dstrat, type = "Fay", fay.rho = 0.5)        # 104 replicates (Paley)
data(scd)
scdbrr <- as.svrepdesign(svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE), type = "BRR")
# ?svrepdesign's user-supplied BRR multipliers
scdrep <- 2 * cbind(c(1, 0, 1, 0, 1, 0), c(1, 0, 0, 1, 0, 1), c(0, 1, 1, 0, 0, 1), c(0, 1, 0, 1, 1, 0))
scduser <- svrepdesign(data = scd, type = "BRR", repweights = scdrep, combined.weights = FALSE)
# bootstrap multipliers R drew for ../replicate/boot-clus1.csv (seeded as.svrepdesign(dclus1, "bootstrap")),
# given back as user-supplied weights with svrepdesign's default scale 1/(R - 1)
boot <- as.matrix(read.csv(file.path("..", "replicate", "boot-clus1.csv")))
dboot <- svrepdesign(data = apiclus1, repweights = boot, weights = ~pw, type = "bootstrap", combined.weights = FALSE)
dbootmse <- svrepdesign(data = apiclus1, repweights = boot, weights = ~pw, type = "bootstrap", combined.weights = FALSE,
                        mse = TRUE)

m <- svyglm(api00 ~ ell + meals + stype, design = jk1)
glm_case("rep/jk1/api00~ell+meals+stype", m)
term_test("rep/jk1/api00~ell+meals+stype", m, ~stype)
term_test("rep/jk1/api00~ell+meals+stype", m, ~ell + stype)
m <- svyglm(comp.imp ~ stype + ell + mobility, design = jk1, family = quasibinomial())
glm_case("rep/jk1/comp.imp~stype+ell+mobility", m)
term_test("rep/jk1/comp.imp~stype+ell+mobility", m, ~stype)
glm_case("rep/jk1mse/api00~ell+meals+stype", svyglm(api00 ~ ell + meals + stype, design = jk1mse))
pred_means("rep-predmeans/jk1/api00~ell+meals|stype", svyglm(api00 ~ ell + meals, design = jk1), ~stype)

m <- svyglm(api00 ~ acs.46 + ell + stype, design = jkn)             # 66 rows without acs.46
glm_case("rep/jkn/api00~acs.46+ell+stype", m)
term_test("rep/jkn/api00~acs.46+ell+stype", m, ~acs.46 + stype)
m <- svyglm(sch.wide ~ ell + meals, design = jkn, family = quasibinomial())
glm_case("rep/jkn/sch.wide~ell+meals", m)
term_test("rep/jkn/sch.wide~ell+meals", m, ~ell + meals)
glm_case("rep/jkn[comp.imp==Yes]/api00~ell+meals", svyglm(api00 ~ ell + meals, design = subset(jkn, comp.imp == "Yes")))
glm_case("rep/jkn[stype!=H]/sch.wide~ell+meals",
         svyglm(sch.wide ~ ell + meals, design = jkn, subset = stype != "H", family = quasibinomial()))
pred_means("rep-predmeans/jkn/sch.wide~ell+meals|stype",
           svyglm(sch.wide ~ ell + meals, design = jkn, family = quasibinomial()), ~stype)

m <- svyglm(sch.wide ~ ell + meals + stype, design = fay, family = quasibinomial())
glm_case("rep/fay/sch.wide~ell+meals+stype", m)
term_test("rep/fay/sch.wide~ell+meals+stype", m, ~stype)

glm_case("rep/scdbrr/alive~arrests", svyglm(alive ~ arrests, design = scdbrr))
glm_case("rep/scdbrr/alive/arrests~arrests", svyglm(I(alive / arrests) ~ arrests, design = scdbrr, family = quasibinomial()))
glm_case("rep/scduser/alive~arrests", svyglm(alive ~ arrests, design = scduser))

m <- svyglm(api00 ~ ell + meals + stype, design = dboot)
glm_case("rep/boot/api00~ell+meals+stype", m)
term_test("rep/boot/api00~ell+meals+stype", m, ~stype)
m <- svyglm(sch.wide ~ ell + meals + stype, design = dboot, family = quasibinomial())
glm_case("rep/boot/sch.wide~ell+meals+stype", m)
term_test("rep/boot/sch.wide~ell+meals+stype", m, ~ell + meals)
glm_case("rep/bootmse/sch.wide~ell+meals+stype",
         svyglm(sch.wide ~ ell + meals + stype, design = dbootmse, family = quasibinomial()))
pred_means("rep-predmeans/boot/sch.wide~ell+meals|stype",
           svyglm(sch.wide ~ ell + meals, design = dboot, family = quasibinomial()), ~stype)

res <- do.call(rbind, out)
write.csv(res, "regression.csv", row.names = FALSE)
