# R side of ReliabilityBenchmark: psych::alpha on the 22 items of the first 200,000 respondents of
# the seeded SIPAS-shaped survey (the rows ReliabilityBenchmark analyses). Write them, then time:
#   java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.ReliabilityBenchmark /tmp/alpha-200k.csv
#   Rscript benchmarks/r/alpha-benchmark.R /tmp/alpha-200k.csv
# R 4.2.2, psych 2.2.9. Prints elapsed seconds per call and the figures the Java main() prints.
suppressPackageStartupMessages(library(psych))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/alpha-200k.csv"
items <- paste0("q", 1:22)
d <- read.csv(path)[, items]
d[d == 9] <- NA  # 9 = don't know
cat(R.version.string, "psych", as.character(packageVersion("psych")), "-", nrow(d), "rows\n")
reps <- 3
times <- numeric(reps)
for (k in seq_len(reps)) {
  gc()
  t0 <- proc.time()[["elapsed"]]
  a <- alpha(d)  # psych's defaults: use = "pairwise", check.keys = FALSE, max = 10
  times[k] <- proc.time()[["elapsed"]] - t0
}
cat("psych::alpha(d), seconds:", sprintf("%.3f", times), "\n")
t <- a$total
cat(sprintf("raw_alpha %.15g  std.alpha %.15g  G6 %.15g  average_r %.15g  ase %.15g  mean %.15g  sd %.15g\n",
            t$raw_alpha, t$std.alpha, t[["G6(smc)"]], t$average_r, t$ase, t$mean, t$sd))
cat(sprintf("q1: raw.r %.15g  r.drop %.15g  alpha if dropped %.15g\n",
            a$item.stats["q1", "raw.r"], a$item.stats["q1", "r.drop"], a$alpha.drop["q1", "raw_alpha"]))
