# Times R's survey::rake on the data of RakingBenchmark (benchmarks module): 1,000,000 respondents
# raked to three margins (63 provinces, 2 sexes, 5 age bands). Run from this directory:
#   Rscript rake-benchmark.R
# The data come from the Park-Miller generator x <- 16807 x mod (2^31 - 1), seed 20261127, exactly as
# RakingBenchmark.generate() makes them, so both sides rake the same sample.
suppressMessages(library(survey))
n <- 1000000
lcg <- function(count, seed) {          # exact in doubles: 16807 * (2^31 - 1) < 2^53
  out <- numeric(count); x <- seed; m <- 2147483647
  for (k in seq_len(count)) { x <- (16807 * x) %% m; out[k] <- x / m }
  out
}
u <- matrix(lcg(4 * n, 20261127), ncol = 4, byrow = TRUE)  # unit i uses draws 4i+1 .. 4i+4
province <- pmin(62L, as.integer(floor(63 * u[, 1]^1.3)))          # skewed towards low codes
sex <- ifelse(u[, 2] < 0.58, 0L, 1L)                               # women over-represented
age <- findInterval(u[, 3], c(0.10, 0.22, 0.45, 0.75))             # 0..4
w <- 1 + 4 * u[, 4]
df <- data.frame(province = factor(province, levels = 0:62), sex = factor(sex, levels = 0:1),
                 age = factor(age, levels = 0:4), w = w)
pop.province <- data.frame(province = factor(0:62, levels = 0:62), Freq = 600000 + 10000 * (0:62))
pop.sex <- data.frame(sex = factor(0:1, levels = 0:1), Freq = c(29000000, 28330000))
pop.age <- data.frame(age = factor(0:4, levels = 0:4), Freq = c(8599500, 11466000, 14332500, 12612600, 10319400))
stopifnot(sum(pop.province$Freq) == 57330000, sum(pop.sex$Freq) == 57330000, sum(pop.age$Freq) == 57330000)
d <- svydesign(ids = ~1, weights = ~w, data = df)
margins <- list(~province, ~sex, ~age)
pops <- list(pop.province, pop.sex, pop.age)

time_rake <- function(control, reps = 3) {
  times <- numeric(reps); r <- NULL; warned <- character(0)
  for (k in 1:reps) {
    gc()
    t0 <- proc.time()[["elapsed"]]
    r <- withCallingHandlers(rake(d, margins, pops, control = control), warning = function(w) {
      warned <<- c(warned, conditionMessage(w)); invokeRestart("muffleWarning")
    })
    times[k] <- proc.time()[["elapsed"]] - t0
  }
  # rake() warns when it stops at maxit without meeting epsilon
  list(times = times, design = r, outcome = if (length(warned) > 0) warned[1] else "converged")
}
cat(R.version.string, "survey", as.character(packageVersion("survey")), "\n")
def <- time_rake(list(maxit = 10, epsilon = 1))
cat("rake, R default control (maxit = 10, epsilon = 1):        seconds", sprintf("%.3f", def$times), "-", def$outcome, "\n")
tight <- time_rake(list(maxit = 100, epsilon = 1e-10))
cat("rake, control = list(maxit = 100, epsilon = 1e-10):      seconds", sprintf("%.3f", tight$times), "-", tight$outcome, "\n")
wt <- weights(tight$design)
cat("checks: sum(w) =", sprintf("%.10g", sum(wt)), " sum(w^2) =", sprintf("%.15g", sum(wt^2)),
    " w[1:3] =", sprintf("%.15g", wt[1:3]), "\n")
# a variance through the raked design: svymean of y = unit index mod 7 (unrelated to the margins)
dy <- update(d, y = seq_len(n) %% 7)
ry <- suppressWarnings(rake(dy, margins, pops, control = list(maxit = 100, epsilon = 1e-10)))
t0 <- proc.time()[["elapsed"]]; m <- svymean(~y, ry); t1 <- proc.time()[["elapsed"]] - t0
cat("svymean(~y) on the raked design: seconds", sprintf("%.3f", t1), " mean =", sprintf("%.15g", coef(m)),
    " SE =", sprintf("%.15g", SE(m)), "\n")
