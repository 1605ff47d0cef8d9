# R side of SvyglmBenchmark (benchmarks module): svyglm with 10 predictors on the same seeded
# 1,000,000 respondents (50 strata, 1,000 PSUs, weights). Write the data first, then time R:
#   java -cp benchmarks/target/benchmarks.jar org.civicsurvey.benchmarks.SvyglmBenchmark /tmp/svyglm.csv
#   Rscript benchmarks/r/svyglm-benchmark.R /tmp/svyglm.csv
# R 4.2.2, survey 4.1.1. Prints elapsed and CPU (user + system) seconds per call, and the
# coefficients and standard errors, which the Java main prints too.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args) > 0) args[1] else "/tmp/svyglm.csv"
reps <- if (length(args) > 1) as.integer(args[2]) else 3
t0 <- proc.time()[["elapsed"]]
d <- read.csv(path, stringsAsFactors = TRUE)
cat(sprintf("read: %.1f s, %d rows\n", proc.time()[["elapsed"]] - t0, nrow(d)))
des <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, data = d)
f_sat <- satisfied ~ x1 + x2 + x3 + age + female + wait + visits + channel
f_score <- score ~ x1 + x2 + x3 + age + female + wait + visits + channel
timeit <- function(label, fit) {
  times <- numeric(reps); cpu <- numeric(reps); m <- NULL
  for (k in seq_len(reps)) {
    gc()
    st <- system.time(m <- fit())
    times[k] <- st[["elapsed"]]; cpu[k] <- st[["user.self"]] + st[["sys.self"]]
  }
  cat(sprintf("%-70s seconds %s (CPU %s)\n", label, paste(sprintf("%.2f", times), collapse = " "),
              paste(sprintf("%.2f", cpu), collapse = " ")))
  m
}
cat(R.version.string, "survey", as.character(packageVersion("survey")), "\n")
mq <- timeit("svyglm(satisfied ~ <10 predictors>, des, family = quasibinomial())",
             function() svyglm(f_sat, design = des, family = quasibinomial()))
mg <- timeit("svyglm(score ~ <10 predictors>, des)", function() svyglm(f_score, design = des))
show <- function(m) {
  cat(family(m)$family, ": residual df", m$df.residual, "\n")
  s <- coef(summary(m))
  for (i in seq_len(nrow(s))) cat(sprintf("%-16s %.12g %.12g\n", rownames(s)[i], s[i, 1], s[i, 2]))
}
show(mq)
show(mg)
