# Reference for org.civicsurvey.scoring.acsi (the ACSI preset) on synthetic answers to the standard
# `acsi` instrument. Run from this directory:  Rscript acsi.R      (R 4.2.2, base R only)
# Writes acsi-synthetic.csv (one row per response; 98 = don't know; complaint yes/no;
# complaint_handling NA where not shown) and acsi-expected.csv (statistic, from, to, value).
# The model: constructs from the instrument's dimensions, complaint as a 0/1 indicator, paths
# expectations -> each quality driver; expectations and quality drivers -> satisfaction;
# satisfaction -> complaints; satisfaction, complaints -> trust. Centroid scheme, Wold's algorithm
# from pls-wold.R (checked against SmartPLS by pls.R). Indices: unstandardised weights w / sd
# normalised to sum 1 per block, items rescaled (x - min) / (max - min) * 100 with the scale ends
# (1..10; complaint 0..1); impact(a, b) = 5 * T[a, b] * sd(score b) / sd(score a).
source("pls-wold.R")
options(digits = 17)
set.seed(611)
n <- 300
lik <- function(z) pmin(10, pmax(1, round(7 + 1.5 * z)))
expect <- rnorm(n)
q <- sapply(1:4, function(k) 0.5 * expect + rnorm(n, sd = 0.9))
sat <- 0.2 * expect + q %*% c(0.35, 0.2, 0.3, 0.15) + rnorm(n, sd = 0.6)
sat <- as.vector(scale(sat))
item <- function(z, noise = 0.6) lik(z + rnorm(n, sd = noise))
d <- data.frame(
  expectations = item(expect),
  pq_process_ease = item(q[, 1]), pq_process_time = item(q[, 1]),
  pq_info_clarity = item(q[, 2]), pq_info_access = item(q[, 2]),
  pq_cs_courtesy = item(q[, 3]), pq_cs_knowledge = item(q[, 3]),
  pq_web_navigation = item(q[, 4]), pq_web_usefulness = item(q[, 4]),
  acsi_overall = item(sat, 0.4), acsi_expectations = item(sat, 0.5), acsi_ideal = item(sat, 0.5))
complained <- runif(n) < plogis(-1.5 - 1.2 * sat)
d$complaint <- ifelse(complained, "yes", "no")
d$complaint_handling <- ifelse(complained, item(sat, 1), NA)
trust <- 0.7 * sat - 0.3 * complained + rnorm(n, sd = 0.6)
d$recommend <- item(trust, 0.5); d$confidence <- item(trust, 0.5)
for (v in c("expectations", "pq_web_navigation", "acsi_ideal", "confidence")) {
  d[[v]][sample(n, 6)] <- 98                       # don't know
}
write.csv(d, "acsi-synthetic.csv", row.names = FALSE)

blocks <- list(expectations = "expectations",
               process = c("pq_process_ease", "pq_process_time"),
               information = c("pq_info_clarity", "pq_info_access"),
               customer_service = c("pq_cs_courtesy", "pq_cs_knowledge"),
               website = c("pq_web_navigation", "pq_web_usefulness"),
               satisfaction = c("acsi_overall", "acsi_expectations", "acsi_ideal"),
               complaints = "complaint",
               trust = c("recommend", "confidence"))
lv <- names(blocks)
D <- matrix(0, length(lv), length(lv), dimnames = list(lv, lv))
for (qd in c("process", "information", "customer_service", "website")) {
  D["expectations", qd] <- 1; D[qd, "satisfaction"] <- 1
}
D["expectations", "satisfaction"] <- 1; D["satisfaction", "complaints"] <- 1
D["satisfaction", "trust"] <- 1; D["complaints", "trust"] <- 1
raw <- d[, unlist(blocks)]
raw$complaint <- as.numeric(raw$complaint == "yes")
raw <- as.matrix(raw)
keep <- apply(raw != 98, 1, all)
raw <- raw[keep, ]
fit <- plsFit(scale(raw), blocks, D, "centroid")
out <- data.frame(statistic = character(), from = character(), to = character(), value = numeric(),
                  stringsAsFactors = FALSE)
put <- function(...) out[nrow(out) + 1, ] <<- list(...)
put("used", "", "", sum(keep)); put("excluded", "", "", sum(!keep))
lo <- ifelse(colnames(raw) == "complaint", 0, 1); hi <- ifelse(colnames(raw) == "complaint", 1, 10)
scores <- sapply(lv, function(l) {
  it <- blocks[[l]]
  u <- fit$W[it, l] / apply(raw[, it, drop = FALSE], 2, sd); u <- u / sum(u)
  for (k in it) put("indexWeight", l, k, u[[k]])
  resc <- sweep(sweep(raw[, it, drop = FALSE], 2, lo[match(it, colnames(raw))]), 2,
                (hi - lo)[match(it, colnames(raw))], "/") * 100
  as.vector(resc %*% u)
})
for (l in lv) {
  put("index", l, "", mean(scores[, l]))
  for (k in blocks[[l]]) put("outerWeight", l, k, fit$W[k, l])
}
for (a in lv) for (b in lv) {
  if (D[a, b] == 1) put("path", a, b, fit$B[a, b])
  if (fit$T[a, b] != 0) {
    put("total", a, b, fit$T[a, b])
    put("impact", a, b, 5 * fit$T[a, b] * sd(scores[, b]) / sd(scores[, a]))
  }
}
cat("ACSI", mean(scores[, "satisfaction"]), "used", sum(keep), "iterations", fit$it, "\n")
write.csv(out, "acsi-expected.csv", row.names = FALSE)
