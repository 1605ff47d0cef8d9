# Reference values for the classical (unweighted) tests of org.civicsurvey.analysis.compare,
# computed with R 4.2.2 (stats) and survey 4.1.1 (for the api data). Run from this directory:
#   Rscript classical.R
# Writes provinces.csv (synthetic: 63 provinces, seed 2026) and classical.csv in long form:
#   case, stat, value   (value printed with 17 significant digits).
suppressPackageStartupMessages(library(survey))
data(api)
out <- list()
emit <- function(case, stat, value) {
  out[[length(out) + 1]] <<- data.frame(case = case, stat = stat, value = sprintf("%.17g", as.numeric(value)))
}
tt <- function(case, r) {
  emit(case, "statistic", r$statistic); emit(case, "df", r$parameter); emit(case, "p", r$p.value)
  emit(case, "lower", r$conf.int[1]); emit(case, "upper", r$conf.int[2])
  emit(case, "estimate", r$estimate[1] - r$estimate[2])
}
cohen <- function(case, x, y) {
  sp <- sqrt(((length(x) - 1) * var(x) + (length(y) - 1) * var(y)) / (length(x) + length(y) - 2))
  emit(case, "cohens_d", (mean(x) - mean(y)) / sp)
}
x <- apisrs$api00[apisrs$sch.wide == "Yes"]; y <- apisrs$api00[apisrs$sch.wide == "No"]
# t.test(x, y) Welch, and var.equal = TRUE
tt("welch/api00~sch.wide", t.test(x, y)); cohen("welch/api00~sch.wide", x, y)
tt("student/api00~sch.wide", t.test(x, y, var.equal = TRUE)); cohen("student/api00~sch.wide", x, y)
tt("welch90/api00~sch.wide", t.test(x, y, conf.level = 0.90))

# one-way ANOVA: aov and oneway.test(var.equal = FALSE) (Welch)
a <- summary(aov(api00 ~ stype, data = apisrs))[[1]]
emit("anova/api00~stype", "statistic", a[1, "F value"]); emit("anova/api00~stype", "df1", a[1, "Df"])
emit("anova/api00~stype", "df2", a[2, "Df"]); emit("anova/api00~stype", "p", a[1, "Pr(>F)"])
emit("anova/api00~stype", "eta2", a[1, "Sum Sq"] / sum(a[, "Sum Sq"]))
w <- oneway.test(api00 ~ stype, data = apisrs)
emit("welchanova/api00~stype", "statistic", w$statistic); emit("welchanova/api00~stype", "df1", w$parameter[1])
emit("welchanova/api00~stype", "df2", w$parameter[2]); emit("welchanova/api00~stype", "p", w$p.value)

# Mann-Whitney: normal approximation with continuity correction (ties present), R's defaults
mw <- wilcox.test(x, y, exact = FALSE, correct = TRUE)
emit("mw/api00~sch.wide", "statistic", mw$statistic); emit("mw/api00~sch.wide", "p", mw$p.value)
emit("mw/api00~sch.wide", "rank_biserial", 2 * mw$statistic / (length(x) * length(y)) - 1)
mw2 <- wilcox.test(x, y, exact = FALSE, correct = FALSE)
emit("mwnocorrect/api00~sch.wide", "p", mw2$p.value)
# exact, small samples without ties (R's default exact = TRUE when n < 50 and no ties)
sx <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
sy <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.061, 3.14, 1.291, 0.33, 2.2)
e <- wilcox.test(sx, sy)
emit("mwexact/small", "statistic", e$statistic); emit("mwexact/small", "p", e$p.value)
# R's default (exact = NULL) with n < 50 but ties: falls back to the corrected normal approximation
e2 <- suppressWarnings(wilcox.test(apisrs$api00[1:30], apisrs$api99[31:70]))
emit("mwdefault/api30v40", "statistic", e2$statistic); emit("mwdefault/api30v40", "p", e2$p.value)
# exact, 20 vs 25 without ties
set.seed(7)
ex <- round(rnorm(20), 4); ey <- round(rnorm(25, 0.5), 4)
stopifnot(!any(duplicated(c(ex, ey))))
write.csv(data.frame(group = rep(c("x", "y"), c(20, 25)), value = c(ex, ey)), "mw-exact.csv", row.names = FALSE)
e3 <- wilcox.test(ex, ey)
emit("mwexact/20v25", "statistic", e3$statistic); emit("mwexact/20v25", "p", e3$p.value)

# Kruskal-Wallis
k <- kruskal.test(api00 ~ stype, data = apisrs)
emit("kw/api00~stype", "statistic", k$statistic); emit("kw/api00~stype", "df", k$parameter)
emit("kw/api00~stype", "p", k$p.value)
n <- nrow(apisrs); g <- 3
emit("kw/api00~stype", "eta2H", (k$statistic - g + 1) / (n - g))

# Pearson chi-square: 2 x 3 (no correction) and 2 x 2 with and without Yates
t23 <- table(apisrs$sch.wide, apisrs$stype)
write.csv(as.data.frame.matrix(t23), "table-schwide-stype.csv")
c23 <- chisq.test(t23)
emit("chisq/sch.wide x stype", "statistic", c23$statistic); emit("chisq/sch.wide x stype", "df", c23$parameter)
emit("chisq/sch.wide x stype", "p", c23$p.value)
emit("chisq/sch.wide x stype", "cramers_v", sqrt(c23$statistic / (sum(t23) * (min(dim(t23)) - 1))))
t22 <- table(apisrs$sch.wide, apisrs$comp.imp)
write.csv(as.data.frame.matrix(t22), "table-schwide-compimp.csv")
c22 <- chisq.test(t22)
emit("chisq/yates", "statistic", c22$statistic); emit("chisq/yates", "df", c22$parameter); emit("chisq/yates", "p", c22$p.value)
c22n <- chisq.test(t22, correct = FALSE)
emit("chisq/noyates", "statistic", c22n$statistic); emit("chisq/noyates", "p", c22n$p.value)
emit("chisq/noyates", "cramers_v", sqrt(c22n$statistic / sum(t22)))

# p.adjust
p <- c(0.01, 0.02, 0.03, 0.04, 0.05, 0.5, 0.0001, 0.2, 0.03)
for (i in seq_along(p)) {
  emit("padjust/holm", i, p.adjust(p, "holm")[i])
  emit("padjust/BH", i, p.adjust(p, "BH")[i])
  emit("padjust/bonferroni", i, p.adjust(p, "bonferroni")[i])
}

# 63 provinces: pairwise t tests with Holm and BH adjustment
set.seed(2026)
prov <- sprintf("P%02d", 1:63)
size <- sample(8:30, 63, replace = TRUE)
mu <- rnorm(63, 75, 4)
d <- data.frame(province = rep(prov, size), score = round(rnorm(sum(size), rep(mu, size), 12), 1))
write.csv(d, "provinces.csv", row.names = FALSE)
for (m in c("holm", "BH", "none")) {
  for (pool in c(TRUE, FALSE)) {
    pt <- pairwise.t.test(d$score, d$province, p.adjust.method = m, pool.sd = pool)$p.value
    for (i in seq_len(nrow(pt))) for (j in seq_len(ncol(pt))) if (!is.na(pt[i, j]))
      emit(paste0("pairwise/", m, "/", if (pool) "pooled" else "welch"), paste(colnames(pt)[j], rownames(pt)[i]), pt[i, j])
  }
}
res <- do.call(rbind, out)
write.csv(res, "classical.csv", row.names = FALSE)
