# Reference values for org.civicsurvey.analysis.drivers (DriverAnalysis).
# Run from this directory:  Rscript drivers.R      (R 4.2.2, base R only: stats, datasets)
# Writes: synthetic.csv (the generated satisfaction data set, NA = missing),
#         drivers-expected.csv (long format: case, driver, statistic, value).
#
# Cases
#   attitude            datasets::attitude, outcome rating, 6 drivers, unweighted
#   synthetic           synthetic.csv, outcome overall, 15 drivers, unweighted, listwise deletion
#   synthetic_weighted  synthetic.csv with column w as weights
#
# Definitions (the Java code implements the same ones):
#   pearson   cor.test(x, y) : r, conf.int (Fisher z, n - 3), p (t with n - 2 df)
#   spearman  cor.test(x, y, method = "spearman", exact = FALSE): rho, p (t approximation);
#             interval: tanh(atanh(rho) -/+ qnorm(0.975) / sqrt(n - 3)) (cor.test gives none)
#   weighted  correlations from cov.wt(cor = TRUE); Spearman = weighted Pearson of mid-ranks;
#             intervals and p-values use Kish's effective n = (sum w)^2 / sum w^2 in place of n
#   beta      unweighted: lm(scale(y) ~ scale(X)); weighted: lm(y ~ X, weights = w) with
#             coefficients and SEs multiplied by sd_w(x) / sd_w(y)
#   lmg       Shapley value of R^2 over all 2^p subsets, R^2(S) = r_S' R_SS^-1 r_S,
#             weight |S|! (p - |S| - 1)! / p!; for attitude also by averaging over all p! orderings
#   rw        Johnson (2000) relative weights from the symmetric square root of R_xx

options(digits = 17)
out <- data.frame(case = character(), driver = character(), statistic = character(),
                  value = numeric(), stringsAsFactors = FALSE)
put <- function(case, driver, statistic, value) {
  out[nrow(out) + 1, ] <<- list(case, driver, statistic, value)
}

## ---- synthetic data ------------------------------------------------------------------------
set.seed(20261127)
n <- 400; p <- 15
f <- matrix(rnorm(n * 3), n, 3)                      # three latent factors
load <- matrix(runif(p * 3, 0, 0.8), p, 3)
lat <- f %*% t(load) + matrix(rnorm(n * p), n, p)
X <- matrix(pmin(10, pmax(1, round(5.5 + 1.6 * scale(lat)))), n, p)  # 1..10 ratings, ties
colnames(X) <- sprintf("d%02d", 1:p)
beta <- c(0.5, 0.4, 0.3, 0.25, 0.2, 0.15, 0.1, 0.1, 0.05, 0.05, 0, 0, 0, 0.02, -0.05)
overall <- pmin(10, pmax(1, round(as.vector(1 + scale(X %*% beta + rnorm(n, sd = 1.5)) * 1.8 + 6))))
w <- round(exp(rnorm(n, 0, 0.5)) * 100) / 100
syn <- data.frame(overall = overall, X, w = w)
syn$overall[c(3, 77)] <- NA
syn$d04[c(10, 200, 311)] <- NA
syn$d15[c(77, 150)] <- NA
write.csv(syn, "synthetic.csv", row.names = FALSE)

## ---- analysis ------------------------------------------------------------------------------
subsetR2 <- function(R, r) {            # R^2 of every subset, indexed by bitmask + 1
  p <- ncol(R)
  r2 <- numeric(2^p)
  for (mask in 1:(2^p - 1)) {
    S <- which(bitwAnd(mask, bitwShiftL(1L, 0:(p - 1))) != 0)
    r2[mask + 1] <- sum(r[S] * solve(R[S, S, drop = FALSE], r[S]))
  }
  r2
}
shapley <- function(r2, p) {
  sapply(1:p, function(j) {
    bit <- bitwShiftL(1L, j - 1)
    s <- 0
    for (mask in 0:(2^p - 1)) {
      if (bitwAnd(mask, bit) != 0) next
      k <- sum(bitwAnd(mask, bitwShiftL(1L, 0:(p - 1))) != 0)
      s <- s + factorial(k) * factorial(p - k - 1) / factorial(p) *
        (r2[bitwOr(mask, bit) + 1] - r2[mask + 1])
    }
    s
  })
}
lmgOrderings <- function(R, r) {          # average increment over all p! orderings
  p <- ncol(R)
  perms <- function(v) if (length(v) == 1) list(v) else
    do.call(c, lapply(seq_along(v), function(i) lapply(perms(v[-i]), function(q) c(v[i], q))))
  r2 <- function(S) if (length(S) == 0) 0 else sum(r[S] * solve(R[S, S, drop = FALSE], r[S]))
  acc <- numeric(p); all <- perms(1:p)
  for (o in all) for (i in seq_along(o)) acc[o[i]] <- acc[o[i]] + r2(o[1:i]) - r2(o[seq_len(i - 1)])
  acc / length(all)
}
relWeights <- function(R, r) {
  e <- eigen(R, symmetric = TRUE)
  L <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  b <- solve(L, r)
  as.vector((L^2) %*% b^2)
}

analyse <- function(case, y, X, w = NULL) {
  keep <- if (is.null(w)) complete.cases(y, X) else complete.cases(y, X, w)
  put(case, "", "n", sum(keep)); put(case, "", "excluded", sum(!keep))
  y <- y[keep]; X <- X[keep, , drop = FALSE]
  n <- length(y); p <- ncol(X); z <- qnorm(0.975)
  if (is.null(w)) {
    C <- cor(cbind(y, X)); Cs <- cor(cbind(rank(y), apply(X, 2, rank)))
    fit <- summary(lm(scale(y) ~ scale(X)))
    co <- fit$coefficients[-1, , drop = FALSE]
    for (j in 1:p) {
      ct <- cor.test(X[, j], y)
      put(case, colnames(X)[j], "pearson", unname(ct$estimate))
      put(case, colnames(X)[j], "pearsonLower", ct$conf.int[1])
      put(case, colnames(X)[j], "pearsonUpper", ct$conf.int[2])
      put(case, colnames(X)[j], "pearsonP", ct$p.value)
      cs <- suppressWarnings(cor.test(X[, j], y, method = "spearman", exact = FALSE))
      rho <- unname(cs$estimate)
      put(case, colnames(X)[j], "spearman", rho)
      put(case, colnames(X)[j], "spearmanLower", tanh(atanh(rho) - z / sqrt(n - 3)))
      put(case, colnames(X)[j], "spearmanUpper", tanh(atanh(rho) + z / sqrt(n - 3)))
      put(case, colnames(X)[j], "spearmanP", cs$p.value)
    }
    r2 <- fit$r.squared
  } else {
    w <- w[keep]
    C <- cov.wt(cbind(y, X), wt = w, cor = TRUE)$cor
    Cs <- cov.wt(cbind(rank(y), apply(X, 2, rank)), wt = w, cor = TRUE)$cor
    neff <- sum(w)^2 / sum(w^2)
    fitw <- lm(y ~ X, weights = w)
    sdw <- sqrt(diag(cov.wt(cbind(y, X), wt = w)$cov))
    co <- summary(fitw)$coefficients[-1, , drop = FALSE]
    co[, 1:2] <- co[, 1:2] * sdw[-1] / sdw[1]
    for (j in 1:p) {
      for (kind in c("pearson", "spearman")) {
        r <- if (kind == "pearson") C[1, j + 1] else Cs[1, j + 1]
        put(case, colnames(X)[j], kind, r)
        put(case, colnames(X)[j], paste0(kind, "Lower"), tanh(atanh(r) - z / sqrt(neff - 3)))
        put(case, colnames(X)[j], paste0(kind, "Upper"), tanh(atanh(r) + z / sqrt(neff - 3)))
        tt <- r * sqrt((neff - 2) / (1 - r^2))
        put(case, colnames(X)[j], paste0(kind, "P"), 2 * pt(-abs(tt), neff - 2))
      }
    }
    put(case, "", "effectiveN", neff)
    r2 <- summary(fitw)$r.squared
  }
  for (j in 1:p) {
    put(case, colnames(X)[j], "beta", co[j, 1]); put(case, colnames(X)[j], "betaSe", co[j, 2])
    put(case, colnames(X)[j], "betaT", co[j, 3]); put(case, colnames(X)[j], "betaP", co[j, 4])
  }
  put(case, "", "rSquared", r2)
  Rxx <- C[-1, -1]; rxy <- C[-1, 1]
  lmg <- shapley(subsetR2(Rxx, rxy), p)
  stopifnot(abs(sum(lmg) - r2) < 1e-12)
  if (p <= 7) stopifnot(max(abs(lmg - lmgOrderings(Rxx, rxy))) < 1e-13)
  rw <- relWeights(Rxx, rxy)
  stopifnot(abs(sum(rw) - r2) < 1e-12)
  for (j in 1:p) {
    put(case, colnames(X)[j], "lmg", lmg[j]); put(case, colnames(X)[j], "relativeWeight", rw[j])
  }
}

analyse("attitude", attitude$rating, as.matrix(attitude[, -1]))
dx <- as.matrix(syn[, sprintf("d%02d", 1:p)])
analyse("synthetic", syn$overall, dx)
analyse("synthetic_weighted", syn$overall, dx, syn$w)
write.csv(attitude, "attitude.csv", row.names = FALSE)
write.csv(out, "drivers-expected.csv", row.names = FALSE)
