# Reference quantiles for org.civicsurvey.stats.Estimator#quantile: R's svyquantile with survey
# 4.1.1's defaults (qrule = "math", interval.type = "mean": Woodruff's interval, df = degf of the
# design after na.rm), quantiles 0.25, 0.5 and 0.9, on Taylor designs (SRS with equal weights,
# stratified, one- and two-stage clusters, a domain by subset()) and on replicate designs
# (as.svrepdesign JK1 and JKn). Run from this directory:  Rscript quantile.R  (R 4.2.2)
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")
api <- "../api/"
apisrs <- read.csv(paste0(api, "apisrs.csv"))
apistrat <- read.csv(paste0(api, "apistrat.csv"))
apiclus1 <- read.csv(paste0(api, "apiclus1.csv"))
apiclus2 <- read.csv(paste0(api, "apiclus2.csv"))
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
des <- list(
  srs_fpc = svydesign(id = ~1, weights = ~pw, data = apisrs, fpc = ~fpc),
  srs_unweighted = svydesign(id = ~1, data = apisrs),
  strat_fpc = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc),
  clus1_fpc = dclus1,
  clus2_fpc = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2),
  clus1_jk1 = as.svrepdesign(dclus1),
  strat_jkn = as.svrepdesign(svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc), type = "JKn")
)
out <- NULL
for (dn in names(des)) {
  for (dom in c("all", "E")) {
    if (dom == "E" && !(dn %in% c("clus1_fpc", "strat_fpc", "clus1_jk1"))) next
    d <- if (dom == "all") des[[dn]] else subset(des[[dn]], stype == "E")
    for (v in c("api00", "enroll", "acs.k3")) {
      f <- as.formula(paste0("~", v))
      q <- svyquantile(f, d, c(0.25, 0.5, 0.9), na.rm = TRUE)[[1]]
      dd <- d[!is.na(d$variables[[v]]), ]
      for (i in 1:3) {
        out <- rbind(out, data.frame(design = dn, domain = dom, variable = v, p = c(0.25, 0.5, 0.9)[i],
          quantile = q[i, 1], lower = q[i, 2], upper = q[i, 3], se = q[i, 4], df = degf(dd)))
      }
    }
  }
}
write.csv(out, "quantiles.csv", row.names = FALSE)
