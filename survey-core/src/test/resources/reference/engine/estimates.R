# Reference estimates for org.civicsurvey.stats.Estimator (rows and sufficient statistics).
# Run from this directory:  Rscript estimates.R
# Writes synthetic.csv (a seeded satisfaction survey) and estimates.csv. R 4.2.2, survey 4.1.1.
suppressPackageStartupMessages(library(survey))
options(survey.lonely.psu = "fail")
api <- "../api/"
apistrat <- read.csv(paste0(api, "apistrat.csv"))
apiclus1 <- read.csv(paste0(api, "apiclus1.csv"))
apiclus2 <- read.csv(paste0(api, "apiclus2.csv"))

# ---- synthetic satisfaction survey: 4 strata x 12 PSUs, 6 provinces, 5 items on 1..5,
# codes 8 = don't know, 9 = not applicable, NA = missing
set.seed(20261127)
n <- 2400
stratum <- sample(1:4, n, replace = TRUE)
psu <- stratum * 100 + sample(1:12, n, replace = TRUE)
province <- sample(1:6, n, replace = TRUE, prob = c(.3, .2, .15, .15, .1, .1))
w <- round(runif(n, 50, 400) * c(1, 1.5, 2, 3)[stratum], 2)
fpc <- c(40, 30, 60, 25)[stratum]
latent <- rnorm(n) + rnorm(400)[psu %% 400 + 1] * 0.5 + (province - 3) * 0.15
syn <- data.frame(stratum, psu, province, w, fpc)
for (k in 1:5) {
  q <- as.integer(cut(latent + rnorm(n, 0, 1) + 0.2 * k, c(-Inf, -1.5, -0.6, 0.3, 1.2, Inf)))
  r <- runif(n)
  q[r < 0.03] <- 8L
  q[r >= 0.03 & r < 0.045] <- 9L
  q[r >= 0.045 & r < 0.055] <- NA
  syn[[paste0("q", k)]] <- q
}
# an NPS item on 0..10 (8% missing), drawn after the five items so their values do not change
syn$nps <- pmin(10L, pmax(0L, as.integer(round(7 + 2 * latent + rnorm(n, 0, 1.5)))))
syn$nps[runif(n) < 0.08] <- NA
write.csv(syn, "synthetic.csv", row.names = FALSE, na = "NA")
for (k in 1:5) {
  q <- syn[[paste0("q", k)]]
  v <- ifelse(is.na(q) | q > 5, NA, q)
  syn[[paste0("y", k)]] <- v                          # valid answer or NA
  syn[[paste0("t", k)]] <- as.numeric(!is.na(v) & v >= 4)  # top-2-box indicator, 0 when not valid
  syn[[paste0("v", k)]] <- as.numeric(!is.na(v))          # valid indicator
}

out <- NULL
add <- function(design, domain, variable, statistic, value, se, lower = NA, upper = NA, deff = NA, method = "") {
  out <<- rbind(out, data.frame(design = design, domain = domain, variable = variable, statistic = statistic,
                                value = as.numeric(value)[1], se = as.numeric(se)[1], lower = as.numeric(lower)[1], upper = as.numeric(upper)[1],
                                deff = as.numeric(deff)[1], method = method))
}
meanrows <- function(dname, d, formula, variable, by = NULL) {
  m <- svymean(formula, d, na.rm = TRUE, deff = TRUE)
  ci <- confint(m)
  add(dname, "all", variable, "mean", coef(m), SE(m), ci[1], ci[2], deff(m))
  t <- svytotal(formula, d, na.rm = TRUE, deff = TRUE)
  add(dname, "all", variable, "total", coef(t), SE(t), confint(t)[1], confint(t)[2], deff(t))
  if (!is.null(by)) {
    b <- svyby(formula, by, d, svymean, na.rm = TRUE, deff = TRUE)
    cb <- confint(b)
    for (i in seq_len(nrow(b))) add(dname, as.character(b[i, 1]), variable, "mean", b[i, 2], b[i, 3], cb[i, 1], cb[i, 2], b[i, 4])
    bt <- svyby(formula, by, d, svytotal, na.rm = TRUE, deff = TRUE)
    for (i in seq_len(nrow(bt))) add(dname, as.character(bt[i, 1]), variable, "total", bt[i, 2], bt[i, 3], NA, NA, bt[i, 4])
  }
}

# ---- api designs
apistrat$stypecode <- match(apistrat$stype, c("E", "H", "M"))
apiclus1$stypecode <- match(apiclus1$stype, c("E", "H", "M"))
apiclus2$stypecode <- match(apiclus2$stype, c("E", "H", "M"))
dstrat <- svydesign(id = ~1, strata = ~stype, fpc = ~fpc, weights = ~pw, data = apistrat)
dclus1 <- svydesign(id = ~dnum, fpc = ~fpc, weights = ~pw, data = apiclus1)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw, data = apiclus2)
apis <- list(strat_fpc = dstrat, clus1_fpc = dclus1, clus2_fpc = dclus2)
for (dn in names(apis)) {
  d <- apis[[dn]]
  meanrows(dn, d, ~api00, "api00", ~stypecode)
  meanrows(dn, d, ~acs.k3, "acs.k3")   # has NAs (all high schools: R cannot do that domain)
  r <- svyratio(~api.stu, ~enroll, d, na.rm = TRUE, deff = TRUE)
  add(dn, "all", "api.stu/enroll", "ratio", coef(r), SE(r), confint(r)[1], confint(r)[2], deff(r))
  # proportion of schools meeting their target, all svyciprop methods, R's defaults: svyciprop's
  # df = degf(design) is evaluated on the design it gets, so by domain (svyby) it is the domain's
  # degf (PSUs minus strata with positive weight in the domain), for every method
  for (meth in c("logit", "xlogit", "asin", "beta", "mean")) {
    p <- svyciprop(~I(sch.wide == "Yes"), d, method = meth)
    add(dn, "all", "sch.wide", "proportion", coef(p), SE(p), attr(p, "ci")[1], attr(p, "ci")[2], NA, meth)
    pb <- svyby(~I(sch.wide == "Yes"), ~stypecode, d, svyciprop, method = meth, vartype = c("se", "ci"))
    for (i in seq_len(nrow(pb))) add(dn, as.character(pb[i, 1]), "sch.wide", "proportion", pb[i, 2], pb[i, 3], pb[i, 4], pb[i, 5], NA, meth)
    # the same with the full design's df passed explicitly (Estimator.withFullDesignDfForDomainProportions(true));
    # "beta" ignores df, so its rows equal the default's
    pf <- svyby(~I(sch.wide == "Yes"), ~stypecode, d, svyciprop, method = meth, df = degf(d), vartype = c("se", "ci"))
    for (i in seq_len(nrow(pf))) add(dn, as.character(pf[i, 1]), "sch.wide", "proportion", pf[i, 2], pf[i, 3], pf[i, 4], pf[i, 5], NA,
                                     paste0(meth, "+designdf"))
  }
  # a domain by subset(): svyciprop's default df is again the domain's degf (same numbers as svyby)
  for (meth in c("logit", "asin", "mean")) {
    ps <- svyciprop(~I(sch.wide == "Yes"), subset(d, stypecode == 3), method = meth)
    add(dn, "3", "sch.wide", "proportion", coef(ps), SE(ps), attr(ps, "ci")[1], attr(ps, "ci")[2], NA, paste0(meth, "+subset"))
  }
  # contrast: mean api00 minus mean api99, and E minus M by domain
  m2 <- svymean(~api00 + api99, d)
  cc <- svycontrast(m2, c(1, -1))
  add(dn, "all", "api00-api99", "contrast", coef(cc), SE(cc))
  bb <- svyby(~api00, ~stypecode, d, svymean, covmat = TRUE)
  cb <- svycontrast(bb, c(1, 0, -1))
  add(dn, "1-3", "api00", "contrast", coef(cb), SE(cb))
}

# ---- synthetic designs: stratified clusters with fpc, and stratified unclustered (each row a PSU)
dsyn <- list(
  syn_clus = svydesign(id = ~psu, strata = ~stratum, fpc = ~fpc, weights = ~w, data = syn),
  syn_strat = svydesign(id = ~1, strata = ~stratum, weights = ~w, data = syn)
)
for (dn in names(dsyn)) {
  d <- dsyn[[dn]]
  for (k in 1:5) {
    y <- paste0("y", k)
    meanrows(dn, d, as.formula(paste0("~", y)), paste0("q", k), ~province)
    # top-2-box share among valid answers, all interval methods, overall and by province
    dv <- subset(d, !is.na(get(y)))
    for (meth in c("logit", "xlogit", "beta", "mean", "asin")) {
      p <- svyciprop(as.formula(paste0("~I(", y, ">=4)")), d, method = meth, na.rm = TRUE)
      add(dn, "all", paste0("q", k), "top2", coef(p), SE(p), attr(p, "ci")[1], attr(p, "ci")[2], NA, meth)
    }
    b <- svyby(as.formula(paste0("~I(", y, ">=4)")), ~province, d, svymean, na.rm = TRUE, deff = TRUE)
    for (i in seq_len(nrow(b))) add(dn, as.character(b[i, 1]), paste0("q", k), "top2", b[i, 3], b[i, 5], NA, NA, b[i, 7])
    # share of each category among valid answers
    pc <- svymean(as.formula(paste0("~factor(", y, ")")), d, na.rm = TRUE)
    for (c in 1:5) add(dn, "all", paste0("q", k), paste0("category", c), coef(pc)[c], SE(pc)[c])
  }
  # joint top-2-box shares of the five items with separate valid sets, as ratios of totals
  r <- svyratio(~t1 + t2 + t3 + t4 + t5, ~v1 + v2 + v3 + v4 + v5, d, covmat = TRUE)
  idx <- c(1, 7, 13, 19, 25)   # (t_k, v_k) pairs in svyratio's vcov order
  V <- r$vcov[idx, idx]
  est <- diag(r$ratio)
  for (a in 1:5) for (b in 1:5) add(dn, "all", paste0("q", a, ",q", b), "top2cov", if (a == b) est[a] else NA, V[a, b])
  cavg <- rep(1 / 5, 5)
  add(dn, "all", "q1..q5", "top2average", sum(cavg * est), sqrt(drop(t(cavg) %*% V %*% cavg)))
  # change between province 1 and province 2 of item 1's top-2-box (svycontrast on svyby)
  # (svyby(covmat = TRUE) fails with na.rm here, so the domain shares are ratios of totals)
  d <- update(d, a1 = t1 * (province == 1), a2 = t1 * (province == 2),
              b1 = v1 * (province == 1), b2 = v1 * (province == 2))
  rp <- svyratio(~a1 + a2, ~b1 + b2, d, covmat = TRUE)
  Vp <- rp$vcov[c(1, 4), c(1, 4)]
  add(dn, "1-2", "q1", "top2contrast", rp$ratio[1, 1] - rp$ratio[2, 2], sqrt(Vp[1, 1] + Vp[2, 2] - 2 * Vp[1, 2]))
}

# ---- satisfaction indices on the synthetic survey (org.civicsurvey.scoring), both designs
# SIPAS-style roll-up: item = 100 x share of 4-5 among valid answers; element E1 = mean of q1..q3,
# E2 = mean of q4, q5; index = mean of E1 and E2. Standard errors by svycontrast's rule c' V c with
# V the joint covariance of the item shares (svyratio of top-2-box totals over valid totals).
# ACSI-style composite of q1..q3: 100 * sum_i w_i (mean_i - 1) / 4, w = .3885, .3190, .2925.
# NPS: svymean of 100 * (1[nps >= 9] - 1[nps <= 6]) among valid answers.
for (dn in names(dsyn)) {
  d <- dsyn[[dn]]
  d <- update(d, m1 = ifelse(is.na(y1), 0, y1), m2 = ifelse(is.na(y2), 0, y2), m3 = ifelse(is.na(y3), 0, y3))
  for (dom in c("all", "1", "4")) {
    dd <- if (dom == "all") d else update(d, t1 = t1 * (province == as.numeric(dom)), t2 = t2 * (province == as.numeric(dom)),
      t3 = t3 * (province == as.numeric(dom)), t4 = t4 * (province == as.numeric(dom)), t5 = t5 * (province == as.numeric(dom)),
      v1 = v1 * (province == as.numeric(dom)), v2 = v2 * (province == as.numeric(dom)), v3 = v3 * (province == as.numeric(dom)),
      v4 = v4 * (province == as.numeric(dom)), v5 = v5 * (province == as.numeric(dom)),
      m1 = m1 * (province == as.numeric(dom)), m2 = m2 * (province == as.numeric(dom)), m3 = m3 * (province == as.numeric(dom)))
    r <- svyratio(~t1 + t2 + t3 + t4 + t5, ~v1 + v2 + v3 + v4 + v5, dd, covmat = TRUE)
    idx <- c(1, 7, 13, 19, 25)
    V <- r$vcov[idx, idx] * 100^2
    est <- diag(r$ratio) * 100
    for (k in 1:5) add(dn, dom, paste0("q", k), "sipas", est[k], sqrt(V[k, k]))
    cs <- list(E1 = c(1, 1, 1, 0, 0) / 3, E2 = c(0, 0, 0, 1, 1) / 2, index = c(1 / 6, 1 / 6, 1 / 6, 1 / 4, 1 / 4))
    for (node in names(cs)) add(dn, dom, node, "sipas", sum(cs[[node]] * est), sqrt(drop(t(cs[[node]]) %*% V %*% cs[[node]])))
    ra <- svyratio(~m1 + m2 + m3, ~v1 + v2 + v3, dd, covmat = TRUE)
    ia <- c(1, 5, 9)
    wa <- c(.3885, .3190, .2925)
    ma <- diag(ra$ratio)
    Va <- ra$vcov[ia, ia]
    add(dn, dom, "q1..q3", "acsi", 100 * sum(wa * (ma - 1) / 4), 100 / 4 * sqrt(drop(t(wa) %*% Va %*% wa)))
  }
  np <- svymean(~I(100 * ((nps >= 9) - (nps <= 6))), d, na.rm = TRUE)
  add(dn, "all", "nps", "nps", coef(np), SE(np))
  np <- svymean(~I(100 * (nps - 0) / 10), d, na.rm = TRUE)
  add(dn, "all", "nps", "mean0to100", coef(np), SE(np))
}

# ---- Wilson score interval (not in svyciprop). SRS: prop.test(x, n, correct = FALSE) (Wilson 1927).
for (lv in c(0.95, 0.90)) {
  pt <- prop.test(37, 120, correct = FALSE, conf.level = lv)$conf.int
  add("srs", as.character(lv), "37/120", "wilson", 37 / 120, sqrt((37 / 120) * (83 / 120) / 120), pt[1], pt[2])
}
# design-based: the same formula with n* = p (1 - p) / v (Kott and Carr 1997; Dean and Pagano 2015)
wilson <- function(p, v, level) {
  n <- p * (1 - p) / v; z <- qnorm(1 - (1 - level) / 2)
  centre <- (p + z^2 / (2 * n)) / (1 + z^2 / n)
  half <- z / (1 + z^2 / n) * sqrt(p * (1 - p) / n + z^2 / (4 * n^2))
  c(centre - half, centre + half)
}
for (dn in names(dsyn)) {
  m <- svymean(~I(y1 >= 4), dsyn[[dn]], na.rm = TRUE)
  p <- coef(m)[2]; v <- vcov(m)[2, 2]
  ci <- wilson(p, v, 0.95)
  add(dn, "all", "q1", "top2", p, sqrt(v), ci[1], ci[2], NA, "wilson")
}

# ---- a domain with no degrees of freedom: two strata x 3 PSUs x 2 SSUs x 2 rows, fpc at both stages;
# domain 7 = the rows of PSU 0, so degf(subset) = 1 - 1 = 0 while its SE is positive (stage-2 variance).
# R's default interval is NaN (qt(., 0)); the engine defines it as [0, 1]. With df = degf(design) = 4: finite.
i <- 0:23
dz <- data.frame(st = i %/% 12, psu = i %/% 4, ssu = i %/% 2, q = (i * 7) %% 5 + 1, w = 1 + i %% 3, f1 = 10, f2 = 4)
dz$dom <- ifelse(dz$psu == 0, 7, 8)
desz <- svydesign(id = ~psu + ssu, strata = ~st, fpc = ~f1 + f2, weights = ~w, data = dz)
for (meth in c("logit", "asin", "beta", "mean")) {
  for (full in c(FALSE, TRUE)) {
    pz <- suppressWarnings(if (full) svyby(~I(q >= 4), ~dom, desz, svyciprop, method = meth, df = degf(desz), vartype = c("se", "ci"))
                           else svyby(~I(q >= 4), ~dom, desz, svyciprop, method = meth, vartype = c("se", "ci")))
    add("dfzero", "7", "q", "dfzero", pz[1, 2], pz[1, 3], pz[1, 4], pz[1, 5], NA, if (full) paste0(meth, "+designdf") else meth)
  }
}
write.csv(out, "estimates.csv", row.names = FALSE, na = "NA")
cat(nrow(out), "rows\n")
