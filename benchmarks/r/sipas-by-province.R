# R side of SqlSurveyBenchmark: SIPAS item shares by province with stratified clustered standard
# errors, on the same seeded ratings (63 provinces as strata, 20 communes each as PSUs, design
# weights, 22 criteria on 1..5, 98 = don't know), written by
#   java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.RatingsFiles /tmp/civicsurvey-ratings 1000000
#   Rscript benchmarks/r/sipas-by-province.R /tmp/civicsurvey-ratings/ratings-1000000.csv
# R 4.2.2, survey 4.1.1. Prints elapsed seconds and the estimates that SqlSurveyBenchmark.main prints.
# Each criterion's share of 4 and 5 among its own valid answers in each province is one svyby call
# (na.rm = TRUE drops only that criterion's don't-knows, as the Java side does): the timed part. The
# SIPAS index of province 1 (mean of the five elements' means of their shares) follows from the joint
# totals of the top-2 and valid indicators (svytotal on the domain) by the delta method, as svyratio
# linearises; it is timed apart and printed to compare with Java's.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/civicsurvey-ratings/ratings-1000000.csv"
t0 <- proc.time()
d <- read.csv(path)
items <- setdiff(names(d), c("province", "psu", "w"))
for (q in items) {
  d[[q]][d[[q]] == 98] <- NA
  d[[paste0("t_", q)]] <- as.numeric(!is.na(d[[q]]) & d[[q]] >= 4)   # a top-2 answer
  d[[paste0("v_", q)]] <- as.numeric(!is.na(d[[q]]))                 # a valid answer
}
cat(sprintf("read: %.1f s, %d rows, %d items\n", (proc.time() - t0)[["elapsed"]], nrow(d), length(items)))
des <- svydesign(id = ~psu, strata = ~province, weights = ~w, data = d)
timed <- system.time({
  shares <- lapply(items, function(q) svyby(as.formula(paste0("~I(", q, " >= 4)")), ~province, des, svymean,
                                            na.rm = TRUE))
})
# elapsed, and CPU seconds (user + system), which a machine shared with other work inflates less
cat(sprintf("22 x svyby(~I(qk >= 4), ~province, svymean, na.rm = TRUE), stratified clustered: %.2f s elapsed, %.2f s CPU\n",
            timed[["elapsed"]], timed[["user.self"]] + timed[["sys.self"]]))
# province 1: the totals of the 22 top-2 and valid indicators jointly (svytotal on the domain,
# subset() keeping the full design), each share their ratio; the SIPAS index is the mean of the five
# elements' means of their shares, its SE by the delta method (svyratio's linearisation)
elements <- list(access = 1:4, procedures = 5:9, civil_servants = 10:15, results = 16:18, feedback = 19:22)
k <- length(items)
elapsed <- system.time({
  tot <- svytotal(as.formula(paste("~", paste(c(paste0("t_", items), paste0("v_", items)), collapse = "+"))),
                  subset(des, province == 1))
})[["elapsed"]]
tt <- coef(tot)[1:k]
vv <- coef(tot)[k + 1:k]
cidx <- rep(0, k)
for (e in elements) cidx[e] <- 1 / length(e) / length(elements)
g <- c(cidx / vv, -cidx * tt / vv^2)
cat(sprintf("province 1: svytotal of the 44 indicators: %.2f s\n", elapsed))
cat(sprintf("province 1 tc1 share, SE: %.12g %.12g\n", shares[[1]][1, 3], shares[[1]][1, 5]))
cat(sprintf("province 1 SIPAS index, SE: %.12g %.12g\n", sum(cidx * tt / vv), sqrt(drop(t(g) %*% vcov(tot) %*% g))))
