# R side of the benchmark: the same seeded 1,000,000-respondent SIPAS-shaped data as EngineBenchmark.
#   java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.SipasData /tmp/sipas.csv
#   Rscript benchmarks/r/timing.R /tmp/sipas.csv
# R 4.2.2, survey 4.1.1. Prints elapsed seconds and a few estimates to compare with the Java ones.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/sipas.csv"
t0 <- proc.time()
d <- read.csv(path)
for (k in 1:22) { q <- paste0("q", k); d[[q]][d[[q]] == 9] <- NA }  # 9 = don't know
cat(sprintf("read: %.1f s, %d rows\n", (proc.time() - t0)[["elapsed"]], nrow(d)))
des <- svydesign(id = ~1, strata = ~stratum, weights = ~w, data = d)
items <- paste0("q", 1:22)
timeit <- function(label, expr) {
  t <- system.time(expr)[["elapsed"]]
  cat(sprintf("%-60s %8.2f s\n", label, t))
}
# 1. what EngineBenchmark.items22MeansAndTop2 computes: per item (its own valid answers) the mean
#    and the top-2-box share, with SEs
timeit("22 items: svymean(~qk) + svymean(~I(qk >= 4)), na.rm, each", {
  res <- lapply(items, function(q) list(
    svymean(as.formula(paste0("~", q)), des, na.rm = TRUE),
    svymean(as.formula(paste0("~I(", q, " >= 4)")), des, na.rm = TRUE)))
})
# 2. the issue's figure: one svymean call over the 22 items (complete cases)
timeit("svymean(~q1 + ... + q22, na.rm = TRUE) (complete cases)", {
  m22 <- svymean(as.formula(paste("~", paste(items, collapse = "+"))), des, na.rm = TRUE)
})
# 3. the issue's domain figure: svyby of 3 items by 63 provinces
timeit("svyby(~q1 + q2 + q3, ~province, svymean, na.rm = TRUE)", {
  b3 <- svyby(~q1 + q2 + q3, ~province, des, svymean, na.rm = TRUE)
})
# 4. one item by province (compare with CompareWithR's line)
timeit("svyby(~q1, ~province, svymean, na.rm = TRUE)", {
  b1 <- svyby(~q1, ~province, des, svymean, na.rm = TRUE)
})
cat("\nq1 mean, SE:", format(coef(res[[1]][[1]]), digits = 12), format(SE(res[[1]][[1]]), digits = 12), "\n")
cat("q1 top-2-box, SE:", format(coef(res[[1]][[2]])[2], digits = 12), format(SE(res[[1]][[2]])[2], digits = 12), "\n")
cat("province 1 q1 mean, SE (svyby ~q1):", format(b1[1, "q1"], digits = 12), format(b1[1, "se"], digits = 12), "\n")
