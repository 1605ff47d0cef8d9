# Reference values for replicate-weight designs (org.civicsurvey.stats.ReplicateDesign and the
# Estimator on it). Run from this directory:  Rscript replicate.R
# R 4.2.2, survey 4.1.1. Writes:
#   scd.csv            R's data(scd) (the BRR example of ?svrepdesign)
#   hadamard.csv       survey:::hadamard(n) for n = 1..40 and a few larger n, one row per matrix
#                      row (0/1 digits)
#   designs.csv        per design: type, scale, rscales (";"-separated), mse, degf
#   repweights.csv     per converted design: replicate totals of the weights and of one variable
#                      per replicate (a fingerprint of the replicate weights, in R's order), and
#                      for scd every analysis weight
#   boot-clus1.csv     R's bootstrap multipliers of as.svrepdesign(dclus1, "bootstrap") (seeded),
#                      fed to the Java side as user-supplied replicate weights
#   estimates.csv      svymean / svytotal / svyratio / svyby / svyciprop on every design
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")
api <- "../api/"
apistrat <- read.csv(paste0(api, "apistrat.csv"))
apiclus1 <- read.csv(paste0(api, "apiclus1.csv"))
syn <- read.csv("../engine/synthetic.csv")
data(scd)
write.csv(scd, "scd.csv", row.names = FALSE)

# ---- Hadamard matrices as brrweights builds them
had <- NULL
for (n in c(1:40, 47, 50, 60, 63, 64, 100)) {
  H <- survey:::hadamard(n)
  had <- rbind(had, data.frame(n = n, row = seq_len(nrow(H)), bits = apply(H, 1, paste, collapse = "")))
}
write.csv(had, "hadamard.csv", row.names = FALSE)

# ---- designs
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus1nofpc <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
scdnofpc <- svydesign(data = scd, prob = ~1, id = ~ambulance, strata = ~ESA, nest = TRUE)
repweights <- 2 * cbind(c(1, 0, 1, 0, 1, 0), c(1, 0, 0, 1, 0, 1), c(0, 1, 1, 0, 0, 1), c(0, 1, 0, 1, 1, 0))
synd <- svydesign(id = ~psu, strata = ~stratum, weights = ~w, fpc = ~fpc, data = syn)

des <- list(
  clus1_jk1 = as.svrepdesign(dclus1),                                  # auto: JK1, fpc in the scale
  clus1_jk1_nofpc = as.svrepdesign(dclus1nofpc, type = "JK1"),
  clus1_jk1_mse = as.svrepdesign(dclus1, type = "JK1", mse = TRUE),
  strat_jkn = as.svrepdesign(dstrat, type = "JKn"),                    # 200 replicates, fpc in rscales
  strat_brr = as.svrepdesign(dstrat, type = "BRR"),                    # large strata split: 100 pairs, Paley 104
  strat_fay = as.svrepdesign(dstrat, type = "Fay", fay.rho = 0.5),
  scd_user_brr = svrepdesign(data = scd, type = "BRR", repweights = repweights, combined.weights = FALSE),
  scd_brr = as.svrepdesign(scdnofpc, type = "BRR"),
  scd_fay = as.svrepdesign(scdnofpc, type = "Fay", fay.rho = 0.3),
  scd_jkn = as.svrepdesign(scdnofpc, type = "JKn"),
  # brrweights reads a caller's matrix with H[1, 1]'s value as 0: hadamard(3) itself gives the complements
  scd_brr_h = as.svrepdesign(scdnofpc, type = "BRR", hadamard.matrix = survey:::hadamard(3)),
  syn_jkn = as.svrepdesign(synd, type = "JKn")
)
set.seed(20240611)
des$clus1_boot <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50)
boot <- weights(des$clus1_boot, "replication")
bw <- as.data.frame(boot)
names(bw) <- paste0("r", seq_len(ncol(bw)))
write.csv(bw, "boot-clus1.csv", row.names = FALSE)
# user-supplied combined weights with every option: the JK1 analysis weights of clus1, type "other",
# a scale, unequal rscales and mse = TRUE
jkw <- weights(des$clus1_jk1, "analysis")
des$clus1_user_other <- svrepdesign(data = apiclus1, repweights = jkw, weights = ~pw, type = "other",
  combined.weights = TRUE, scale = 0.8, rscales = seq(0.5, 1.9, by = 0.1), mse = TRUE)
# user-supplied JK1 and JKn with R's guessed scales (combined = FALSE: from the largest multiplier)
des$clus1_user_jk1 <- svrepdesign(data = apiclus1, repweights = weights(des$clus1_jk1_nofpc, "replication"),
  weights = ~pw, type = "JK1", combined.weights = FALSE)
des$scd_user_jkn <- svrepdesign(data = scd, repweights = weights(des$scd_jkn, "replication"),
  type = "JKn", combined.weights = FALSE)

info <- NULL
fp <- NULL
for (dn in names(des)) {
  d <- des[[dn]]
  info <- rbind(info, data.frame(design = dn, type = d$type, scale = d$scale,
    rscales = paste(format(d$rscales, digits = 17), collapse = ";"), mse = isTRUE(d$mse), degf = degf(d)))
  W <- weights(d, "analysis")
  y <- if ("api00" %in% names(d$variables)) d$variables$api00 else if ("arrests" %in% names(d$variables)) d$variables$arrests else ifelse(is.na(d$variables$q1) | d$variables$q1 > 5, 0, d$variables$q1)
  fp <- rbind(fp, data.frame(design = dn, replicate = seq_len(ncol(W)), sum_w = colSums(W), sum_wy = colSums(W * y)))
}
write.csv(info, "designs.csv", row.names = FALSE)
write.csv(fp, "repweights.csv", row.names = FALSE)
sw <- NULL
for (dn in c("scd_brr", "scd_fay", "scd_jkn", "scd_brr_h")) {
  W <- weights(des[[dn]], "analysis")
  for (r in seq_len(ncol(W))) sw <- rbind(sw, data.frame(design = dn, replicate = r, row = 1:6, w = W[, r]))
}
write.csv(sw, "scd-weights.csv", row.names = FALSE)

# ---- estimates
out <- NULL
add <- function(design, domain, variable, statistic, value, se, lower = NA, upper = NA, df = NA, deff = NA, method = "") {
  out <<- rbind(out, data.frame(design = design, domain = domain, variable = variable, statistic = statistic,
    value = as.numeric(value)[1], se = as.numeric(se)[1], lower = as.numeric(lower)[1], upper = as.numeric(upper)[1],
    df = as.numeric(df)[1], deff = as.numeric(deff)[1], method = method))
}
for (dn in grep("^(clus1|strat)", names(des), value = TRUE)) {
  d <- des[[dn]]
  d <- update(d, yes = as.numeric(sch.wide == "Yes"))
  df <- degf(d)
  m <- svymean(~api00, d, deff = TRUE); ci <- confint(m)
  add(dn, "all", "api00", "mean", coef(m), SE(m), ci[1], ci[2], df, deff(m))
  m <- svytotal(~enroll, d, deff = TRUE); ci <- confint(m)
  add(dn, "all", "enroll", "total", coef(m), SE(m), ci[1], ci[2], df, deff(m))
  m <- svymean(~acs.k3, d, na.rm = TRUE, deff = TRUE)
  add(dn, "all", "acs.k3", "mean", coef(m), SE(m), NA, NA, df, deff(m))
  m <- svytotal(~acs.k3, d, na.rm = TRUE)
  add(dn, "all", "acs.k3", "total", coef(m), SE(m), NA, NA, df)
  r <- svyratio(~api.stu, ~enroll, d)
  add(dn, "all", "api.stu/enroll", "ratio", coef(r), SE(r), confint(r)[1], confint(r)[2], df)
  m <- svymean(~stype, d)
  for (i in 1:3) add(dn, "all", "stype", paste0("share:", c("E", "H", "M")[i]), coef(m)[i], SE(m)[i], NA, NA, df)
  for (meth in c("logit", "mean", "asin", "beta", "xlogit")) {
    p <- svyciprop(~yes, d, method = meth)
    add(dn, "all", "sch.wide", "proportion", coef(p), SE(p), attr(p, "ci")[1], attr(p, "ci")[2], df, NA, meth)
  }
  b <- svyby(~api00, ~stype, d, svymean)
  for (i in seq_len(nrow(b))) add(dn, b$stype[i], "api00", "mean", b$api00[i], b$se[i], NA, NA, degf(subset(d, stype == b$stype[i])))
  b <- svyby(~enroll, ~stype, d, svytotal)
  for (i in seq_len(nrow(b))) add(dn, b$stype[i], "enroll", "total", b$enroll[i], b$se[i])
  b <- svyby(~yes, ~stype, d, svyciprop, method = "logit", vartype = c("se", "ci"))
  for (i in seq_len(nrow(b))) add(dn, b$stype[i], "sch.wide", "proportion", b$yes[i], b$se[i], b$ci_l[i], b$ci_u[i], degf(subset(d, stype == b$stype[i])), NA, "logit")
  # the contrast of two domains with the replicate covariance (svyby covmat = TRUE + svycontrast)
  b <- svyby(~api00, ~stype, d, svymean, covmat = TRUE)
  ct <- svycontrast(b, c(E = 1, H = -1, M = 0))
  add(dn, "E-H", "api00", "contrast", coef(ct), SE(ct))
}
for (dn in grep("^scd", names(des), value = TRUE)) {
  d <- des[[dn]]
  df <- degf(d)
  m <- svymean(~arrests, d); add(dn, "all", "arrests", "mean", coef(m), SE(m), confint(m)[1], confint(m)[2], df)
  m <- svymean(~alive, d); add(dn, "all", "alive", "mean", coef(m), SE(m), NA, NA, df)
  m <- svytotal(~arrests, d); add(dn, "all", "arrests", "total", coef(m), SE(m), NA, NA, df)
  r <- svyratio(~alive, ~arrests, d); add(dn, "all", "alive/arrests", "ratio", coef(r), SE(r), NA, NA, df)
}
# the satisfaction survey: shares of q1's answers, top-2-box by province, and the SIPAS roll-up of
# RollUpTest (item = share of 4-5 among valid answers; E1 = mean of q1..q3, E2 = mean of q4, q5;
# index = mean of E1 and E2) with the replicate covariance of the item shares
d <- des$syn_jkn
d <- update(d, y1 = ifelse(is.na(q1) | q1 > 5, NA, q1), y2 = ifelse(is.na(q2) | q2 > 5, NA, q2),
  y3 = ifelse(is.na(q3) | q3 > 5, NA, q3), y4 = ifelse(is.na(q4) | q4 > 5, NA, q4), y5 = ifelse(is.na(q5) | q5 > 5, NA, q5))
df <- degf(d)
m <- svymean(~factor(y1), d, na.rm = TRUE)
for (lev in 1:5) add("syn_jkn", "all", "q1", paste0("share:", lev), coef(m)[lev], SE(m)[lev], NA, NA, df)
stopifnot(names(coef(m)) == paste0("factor(y1)", 1:5))
m <- svymean(~y2, d, na.rm = TRUE, deff = TRUE)
add("syn_jkn", "all", "q2", "mean", coef(m), SE(m), confint(m)[1], confint(m)[2], df, deff(m))
d <- update(d, t1 = as.numeric(y1 >= 4))
b <- svyby(~t1, ~province, d, svymean, na.rm = TRUE)
for (i in seq_len(nrow(b))) add("syn_jkn", b$province[i], "q1", "top2", b$t1[i], b$se[i])
for (dom in c("all", "1", "4")) {
  dd <- if (dom == "all") d else subset(d, province == as.numeric(dom))
  # joint replicate means of the five top-2-box shares among valid answers: ratios of totals
  dd <- update(dd, t1 = as.numeric(!is.na(y1) & y1 >= 4), t2 = as.numeric(!is.na(y2) & y2 >= 4),
    t3 = as.numeric(!is.na(y3) & y3 >= 4), t4 = as.numeric(!is.na(y4) & y4 >= 4), t5 = as.numeric(!is.na(y5) & y5 >= 4),
    v1 = as.numeric(!is.na(y1)), v2 = as.numeric(!is.na(y2)), v3 = as.numeric(!is.na(y3)), v4 = as.numeric(!is.na(y4)),
    v5 = as.numeric(!is.na(y5)))
  r <- svyratio(~t1 + t2 + t3 + t4 + t5, ~v1 + v2 + v3 + v4 + v5, dd, covmat = TRUE)
  idx <- c(1, 7, 13, 19, 25)
  V <- r$vcov[idx, idx]
  est <- diag(r$ratio)
  for (k in 1:5) add("syn_jkn", dom, paste0("q", k), "sipas", est[k], sqrt(V[k, k]))
  cs <- list(E1 = c(1, 1, 1, 0, 0) / 3, E2 = c(0, 0, 0, 1, 1) / 2, index = c(1 / 6, 1 / 6, 1 / 6, 1 / 4, 1 / 4))
  for (node in names(cs)) add("syn_jkn", dom, node, "sipas", sum(cs[[node]] * est), sqrt(drop(t(cs[[node]]) %*% V %*% cs[[node]])))
}
write.csv(out, "estimates.csv", row.names = FALSE)
