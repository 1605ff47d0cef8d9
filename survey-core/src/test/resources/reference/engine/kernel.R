# Reference values for the design kernel (org.civicsurvey.stats.SurveyDesign#totalCovariance):
# covariance matrices of svytotal and svymean on the api samples of R's survey package.
# Run from this directory:  Rscript kernel.R      (writes kernel.csv)
# Produced with R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
api <- "../api/"
apisrs <- read.csv(paste0(api, "apisrs.csv"))
apistrat <- read.csv(paste0(api, "apistrat.csv"))
apiclus1 <- read.csv(paste0(api, "apiclus1.csv"))
apiclus2 <- read.csv(paste0(api, "apiclus2.csv"))
apisrs$frac <- 200 / apisrs$fpc
# a stratum "X" holding a single school, for the lonely-PSU policies
apistrat$lone <- as.character(apistrat$stype); apistrat$lone[1] <- "X"
# district 1 of apiclus2 re-declared with 2 schools in the population so it has a lonely school
apiclus2$fpc2b <- apiclus2$fpc2
lonely2 <- names(which(tapply(apiclus2$snum, apiclus2$dnum, length) == 1 &
                       tapply(apiclus2$fpc2, apiclus2$dnum, min) == 1))[1]
apiclus2$fpc2b[apiclus2$dnum == as.numeric(lonely2)] <- 2
apiclus2$wb <- apiclus2$fpc1 / 40 * apiclus2$fpc2b / ave(apiclus2$fpc2b, apiclus2$dnum, FUN = length)

designs <- list(
  srs_fpc      = list(policy = "fail", d = function() svydesign(id = ~1, fpc = ~fpc, weights = ~pw, data = apisrs)),
  srs_frac     = list(policy = "fail", d = function() svydesign(id = ~1, fpc = ~frac, weights = ~pw, data = apisrs)),
  srs_nofpc    = list(policy = "fail", d = function() svydesign(id = ~1, weights = ~pw, data = apisrs)),
  strat_fpc    = list(policy = "fail", d = function() svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = apistrat)),
  strat_nofpc  = list(policy = "fail", d = function() svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)),
  strat_nest   = list(policy = "fail", d = function() svydesign(id = ~dnum, strata = ~stype, weights = ~pw, data = apistrat, nest = TRUE)),
  clus1_fpc    = list(policy = "fail", d = function() svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = apiclus1)),
  clus1_nofpc  = list(policy = "fail", d = function() svydesign(id = ~dnum, weights = ~pw, data = apiclus1)),
  clus2_fpc    = list(policy = "fail", d = function() svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2)),
  # Java: clusters(dnum, snum).fpc(fpc1) -- R rejects id = ~dnum + snum with one fpc column
  # ("non-conformable arrays"); the Java design is the ultimate-cluster one, as this R call
  clus2_fpc1   = list(policy = "fail", d = function() svydesign(id = ~dnum, fpc = ~fpc1, weights = ~pw, data = apiclus2)),
  clus2_nofpc  = list(policy = "fail", d = function() svydesign(id = ~dnum + snum, weights = ~pw, data = apiclus2)),
  lone_remove  = list(policy = "remove", d = function() svydesign(id = ~1, strata = ~lone, weights = ~pw, data = apistrat)),
  lone_adjust  = list(policy = "adjust", d = function() svydesign(id = ~1, strata = ~lone, weights = ~pw, data = apistrat)),
  lone_average = list(policy = "average", d = function() svydesign(id = ~1, strata = ~lone, weights = ~pw, data = apistrat)),
  lone_certainty = list(policy = "certainty", d = function() svydesign(id = ~1, strata = ~lone, weights = ~pw, data = apistrat)),
  lone2_remove = list(policy = "remove", d = function() svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2b, weights = ~wb, data = apiclus2)),
  lone2_adjust = list(policy = "adjust", d = function() svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2b, weights = ~wb, data = apiclus2)),
  lone2_certainty = list(policy = "certainty", d = function() svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2b, weights = ~wb, data = apiclus2))
)
vars <- c("api00", "api99", "meals")
out <- NULL
for (name in names(designs)) {
  options(survey.lonely.psu = designs[[name]]$policy)
  d <- suppressWarnings(designs[[name]]$d())
  for (stat in c("total", "mean")) {
    e <- if (stat == "total") svytotal(~api00 + api99 + meals, d) else svymean(~api00 + api99 + meals, d)
    v <- vcov(e)
    for (a in 1:3) for (b in 1:3) {
      out <- rbind(out, data.frame(design = name, stat = stat, var1 = vars[a], var2 = vars[b],
                                   estimate = if (a == b) unname(coef(e)[a]) else NA,
                                   cov = v[a, b], df = degf(d)))
    }
  }
}
options(survey.lonely.psu = "fail")
write.csv(out, "kernel.csv", row.names = FALSE)
# sanity: the weights given equal the ones R derives from fpc for apiclus2
d0 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
stopifnot(isTRUE(all.equal(unname(weights(d0)), apiclus2$pw)))
cat("lonely district:", lonely2, "\n")
print(svymean(~api00, svydesign(id = ~1, strata = ~stype, fpc = ~fpc, data = apistrat)))
print(svymean(~api00, svydesign(id = ~dnum, fpc = ~fpc, data = apiclus1)))
