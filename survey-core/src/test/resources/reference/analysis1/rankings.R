# Reference rank intervals for org.civicsurvey.analysis.compare.Rankings, computed with R 4.2.2.
# Run from this directory after classical.R (it reads provinces.csv):  Rscript rankings.R
# Writes rankings.csv: case, group, estimate, rank, lower, upper.
#  - pairwise method (Klein, Wright and Wieczorek 2020): best rank = 1 + #groups significantly better,
#    worst = k - #groups significantly worse, significance = adjusted p < 0.05 from
#    pairwise.t.test(score, province, pool.sd = FALSE, p.adjust.method = m);
#  - simulation checks: closed-form rank-1 probabilities of two and three independent normals.
d <- read.csv("provinces.csv")
m <- tapply(d$score, d$province, mean)
k <- length(m)
out <- list()
for (adj in c("bonferroni", "holm", "BH")) {
  pt <- pairwise.t.test(d$score, d$province, p.adjust.method = adj, pool.sd = FALSE)$p.value
  P <- matrix(NA, k, k, dimnames = list(names(m), names(m)))
  for (i in rownames(pt)) for (j in colnames(pt)) if (!is.na(pt[i, j])) { P[i, j] <- pt[i, j]; P[j, i] <- pt[i, j] }
  sig <- !is.na(P) & P < 0.05
  better <- sapply(seq_len(k), function(i) sum(sig[i, ] & m > m[i]))
  worse <- sapply(seq_len(k), function(i) sum(sig[i, ] & m < m[i]))
  rank <- sapply(seq_len(k), function(i) 1 + sum(m > m[i]))
  out[[adj]] <- data.frame(case = paste0("pairwise/", adj), group = names(m), estimate = sprintf("%.17g", m),
                           rank = rank, lower = 1 + better, upper = k - worse)
}
res <- do.call(rbind, out)
write.csv(res, "rankings.csv", row.names = FALSE)
# P(first) of independent N(mu, se^2): two groups (closed form) and three groups (integrate)
two <- pnorm((80 - 78) / sqrt(1.5^2 + 2^2))
f <- function(x) dnorm(x, 80, 1.5) * pnorm(x, 78, 2) * pnorm(x, 79, 1)
three <- integrate(f, 60, 100, rel.tol = 1e-12)$value
# correlated pair: N((80, 79), [[4, 3], [3, 4]]) -> P(first) = pnorm(1 / sqrt(4 + 4 - 6))
corr <- pnorm(1 / sqrt(2))
write.csv(data.frame(case = c("two", "three", "correlated"), p = sprintf("%.17g", c(two, three, corr))),
          "rank-probabilities.csv", row.names = FALSE)
