# R side of ReplicateMeansBenchmark (benchmarks module): means of 22 items under a BRR design with 80
# replicate weight columns on the same seeded 1,000,000 respondents. Write the data first, then time R:
#   java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.ReplicateMeansBenchmark /tmp/replicate-means.csv
#   Rscript benchmarks/r/replicate-means.R /tmp/replicate-means.csv
# R 4.2.2, survey 4.1.1. The replicate weights are as.svrepdesign(type = "BRR")'s of the 79 strata of
# 2 PSUs (hadamard(79): order 80), given to svrepdesign as columns, as a published file has them.
# Prints elapsed and CPU (user + system) seconds per call, and the means and SEs the Java main prints.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/replicate-means.csv"
reps <- if (length(args) > 1) as.integer(args[2]) else 3
t0 <- proc.time()[["elapsed"]]
d <- read.csv(path)
cat(sprintf("read: %.1f s, %d rows\n", proc.time()[["elapsed"]] - t0, nrow(d)))
brr <- as.svrepdesign(svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = d), type = "BRR", compress = FALSE)
rw <- weights(brr, "analysis")
des <- svrepdesign(data = d, repweights = rw, weights = ~w, type = "BRR", combined.weights = TRUE)
rm(brr)
cat(R.version.string, "survey", as.character(packageVersion("survey")), "; replicates", ncol(rw), "degf", degf(des), "\n")
f <- as.formula(paste("~", paste0("q", 1:22, collapse = " + ")))
times <- numeric(reps); cpu <- numeric(reps)
for (k in seq_len(reps)) {
  gc()
  st <- system.time(m <- svymean(f, des))
  times[k] <- st[["elapsed"]]; cpu[k] <- st[["user.self"]] + st[["sys.self"]]
}
cat(sprintf("%-60s seconds %s (CPU %s)\n", "svymean(~q1 + ... + q22, BRR design, 80 replicates)",
            paste(sprintf("%.2f", times), collapse = " "), paste(sprintf("%.2f", cpu), collapse = " ")))
for (k in 1:22) cat(sprintf("q%-3d %.12g %.12g\n", k, coef(m)[k], SE(m)[k]))
