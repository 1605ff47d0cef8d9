# Reference SIPAS indices (examples' IndexServiceTest and SipasReportRunTest, survey-cli's report tests), computed with R's survey package.
# R 4.2.2, survey 4.1.1. Run from this directory:  Rscript sipas-index.R
# Input:  demo-1000-seed7.csv  (DemoData.generate(1000, 7).writeCsv(...): 1..5, 98 = don't know, empty = not shown)
#         margins.csv         (population margins of sex and age_band for the raked designs)
# Output: sipas-index.csv      (design, by, domain, estimate, value, se, lower, upper)
# Designs: unweighted; stratified (strata ~area, weights ~weight); raked (stratified raked to sex and
# age_band margins); raked_fixed (the raked weights as fixed weights, strata ~area).
#
# SIPAS: item = share of valid answers that are 4 or 5 (don't know / not shown left out of the
# denominator); element = mean of its items; index = mean of the 5 elements; all in percent.
# Each item is the ratio n_k / d_k of two totals (n_k = 1 if valid and >= 4, d_k = 1 if valid).
# A domain (svyby-style, on the full design) multiplies both by the domain indicator. The element
# and index standard errors come from svycontrast() on the joint svytotal(): the delta method,
# i.e. Taylor linearisation, as the library does. Intervals: confint() (normal quantile).
suppressPackageStartupMessages(library(survey))
d <- read.csv("demo-1000-seed7.csv", stringsAsFactors = FALSE)
items <- c("tc1","tc2","tc3","tc4","tt1","tt2","tt3","tt4","tt5","cc1","cc2","cc3","cc4","cc5","cc6",
           "kq1","kq2","kq3","pa1","pa2","pa3","pa4")
elements <- list(access = items[1:4], procedures = items[5:9], civil_servants = items[10:15],
                 results = items[16:18], feedback = items[19:22])
for (q in items) {
  x <- d[[q]]
  valid <- !is.na(x) & x >= 1 & x <= 5
  d[[paste0("d_", q)]] <- as.numeric(valid)
  d[[paste0("n_", q)]] <- as.numeric(valid & x >= 4)
}

designs <- list(
  unweighted = svydesign(ids = ~1, data = d),
  stratified = svydesign(ids = ~1, strata = ~area, weights = ~weight, data = d))
# margins.csv: the population figures (variable,category,population) that `civicsurvey report --margins` reads
m <- read.csv("margins.csv", stringsAsFactors = FALSE)
margin <- function(v) { t <- m[m$variable == v, ]; f <- data.frame(t$category, Freq = t$population); names(f)[1] <- v; f }
designs$raked <- rake(designs$stratified, list(~sex, ~age_band), list(margin("sex"), margin("age_band")),
  control = list(maxit = 100, epsilon = 1e-10))
# the raked weights used as fixed sampling weights (what a report from sufficient statistics gives)
d$w_raked <- weights(designs$raked)
designs$raked_fixed <- svydesign(ids = ~1, strata = ~area, weights = ~w_raked, data = d)

ratio <- function(q, suffix) paste0("n_", q, suffix, "/d_", q, suffix)
element_expr <- function(qs, suffix) paste0("(", paste(sapply(qs, ratio, suffix = suffix), collapse = "+"), ")/", length(qs))
index_expr <- function(suffix) paste0("100*(", paste(sapply(elements, element_expr, suffix = suffix), collapse = "+"), ")/5")

rows <- list()
estimate <- function(design_name, des, by, domain, suffix) {
  vars <- c(paste0("n_", items, suffix), paste0("d_", items, suffix))
  tot <- svytotal(as.formula(paste("~", paste(vars, collapse = "+"))), des)
  exprs <- list(index = parse(text = index_expr(suffix))[[1]])
  for (e in names(elements)) exprs[[e]] <- parse(text = paste0("100*", element_expr(elements[[e]], suffix)))[[1]]
  for (q in items) exprs[[q]] <- parse(text = paste0("100*", ratio(q, suffix)))[[1]]
  con <- svycontrast(tot, exprs)
  ci <- confint(con)
  data.frame(design = design_name, by = by, domain = domain, estimate = names(exprs),
             value = as.numeric(coef(con)), se = as.numeric(SE(con)),
             lower = ci[, 1], upper = ci[, 2], row.names = NULL)
}

for (dn in names(designs)) {
  des <- designs[[dn]]
  rows[[length(rows) + 1]] <- estimate(dn, des, "all", "all", "")
  for (a in sort(unique(d$agency))) {
    ind <- as.numeric(d$agency == a)
    vars <- list()
    for (q in items) {
      vars[[paste0("n_", q, "_dom")]] <- d[[paste0("n_", q)]] * ind
      vars[[paste0("d_", q, "_dom")]] <- d[[paste0("d_", q)]] * ind
    }
    des_d <- do.call(update, c(list(des), vars))
    rows[[length(rows) + 1]] <- estimate(dn, des_d, "agency", a, "_dom")
  }
}
out <- do.call(rbind, rows)
write.csv(out, "sipas-index.csv", row.names = FALSE)
cat("wrote", nrow(out), "rows\n")
