# Reference values for ResponseDesignTest: one lonely stratum (rural) under each lonely-PSU option.
# R 4.2.2, survey 4.1.1. Run from this directory: Rscript lonely-psu.R > lonely-psu.csv
suppressMessages(library(survey))
d <- read.csv("lonely-psu-data.csv")
out <- data.frame()
for (policy in c("adjust", "average", "remove", "certainty")) {
  options(survey.lonely.psu = policy)
  # every response its own PSU
  m1 <- svymean(~tc1, svydesign(ids = ~1, strata = ~area, weights = ~w, data = d))
  # communes as PSUs, nested in areas
  m2 <- svymean(~tc1, svydesign(ids = ~commune, strata = ~area, weights = ~w, data = d, nest = TRUE))
  out <- rbind(out,
    data.frame(policy = policy, clusters = "none", mean = coef(m1)[[1]], se = SE(m1)[[1]]),
    data.frame(policy = policy, clusters = "commune", mean = coef(m2)[[1]], se = SE(m2)[[1]]))
}
write.csv(out, stdout(), row.names = FALSE)
