# Exports the California Academic Performance Index samples shipped with R's `survey` package,
# used as reference data by the tests. Run from this directory:
#   Rscript export-api.R
# Produced with R 4.2.2, survey 4.1.1.
library(survey)
data(api)
for (name in c("apisrs", "apistrat", "apiclus1", "apiclus2")) {
  d <- get(name)
  # factors as their labels, logicals as TRUE/FALSE, missing as NA
  write.csv(d, paste0(name, ".csv"), row.names = FALSE, na = "NA")
}
