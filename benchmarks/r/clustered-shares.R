# R side of ClusteredSharesBenchmark: the 22 items' top-2-box shares with stratified clustered
# standard errors on the same seeded 1,000,000 SIPAS-shaped respondents (63 provinces as strata,
# 20 communes each as PSUs, design weights, 9 = don't know), written by
#   java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.SipasData /tmp/sipas.csv
#   Rscript benchmarks/r/clustered-shares.R /tmp/sipas.csv
# R 4.2.2, survey 4.1.1. Prints elapsed seconds and the first estimates to compare with Java's
# (ClusteredSharesBenchmark.main prints the same ones).
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/sipas.csv"
d <- read.csv(path)
items <- paste0("q", 1:22)
for (q in items) d[[q]][d[[q]] == 9] <- NA
des <- svydesign(id = ~psu, strata = ~province, weights = ~w, data = d)
# each item's share of 4 and 5 among its own valid answers (na.rm = TRUE), as the Java side
elapsed <- system.time({
  shares <- lapply(items, function(q) svymean(as.formula(paste0("~I(", q, " >= 4)")), des, na.rm = TRUE))
})[["elapsed"]]
cat(sprintf("22 x svymean(~I(qk >= 4), na.rm = TRUE), stratified clustered: %.2f s\n", elapsed))
elapsed <- system.time({
  by3 <- svyby(~q1 + q2 + q3, ~province, des, svymean, na.rm = TRUE)
})[["elapsed"]]
cat(sprintf("svyby(~q1 + q2 + q3, ~province, svymean, na.rm = TRUE), stratified clustered: %.2f s\n", elapsed))
# svyby's na.rm drops rows missing any of q1..q3; Java's line is q1 on its own valid answers
p1 <- svymean(~q1, subset(des, province == 1), na.rm = TRUE)
cat(sprintf("province 1 q1 mean, SE: %.12g %.12g\n", coef(p1)[1], SE(p1)[1]))
for (k in 1:3) {
  cat(sprintf("q%d share, SE: %.12g %.12g\n", k, coef(shares[[k]])[2], SE(shares[[k]])[2]))
}
