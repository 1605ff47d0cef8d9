# Reference values for the design-based comparisons of org.civicsurvey.analysis.compare, computed
# with R 4.2.2 and survey 4.1.1 on the api data (../api/*.csv). Run from this directory:
#   Rscript design.R
# Writes design.csv in long form: case, stat, value (17 significant digits).
suppressPackageStartupMessages(library(survey))
data(api)
out <- list()
emit <- function(case, stat, value) {
  out[[length(out) + 1]] <<- data.frame(case = case, stat = stat, value = sprintf("%.17g", as.numeric(value)))
}
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
designs <- list(dstrat = dstrat, dclus1 = dclus1, dclus2 = dclus2)

# svyttest: difference of domain means (second level minus first), t on degf - 1 df
for (d in names(designs)) {
  for (f in c("api00~sch.wide", "api00~awards", "I(as.numeric(api00>700))~comp.imp")) {
    r <- svyttest(as.formula(f), designs[[d]])
    c <- paste0("svyttest/", d, "/", f)
    emit(c, "statistic", r$statistic); emit(c, "df", r$parameter); emit(c, "p", r$p.value)
    emit(c, "estimate", r$estimate); emit(c, "lower", r$conf.int[1]); emit(c, "upper", r$conf.int[2])
    emit(c, "se", r$estimate / r$statistic)
  }
}

# svyby + svycontrast: differences of domain means and proportions; Wald t on degf(design) df
for (d in names(designs)) {
  for (v in c("api00", "I(as.numeric(sch.wide=='Yes'))")) {
    b <- svyby(as.formula(paste0("~", v)), ~stype, designs[[d]], svymean, covmat = TRUE)
    lv <- rownames(coef(b) |> as.matrix())
    emit(paste0("svyby/", d, "/", v), "degf", degf(designs[[d]]))
    for (i in seq_along(lv)) {
      emit(paste0("svyby/", d, "/", v), paste0("mean.", lv[i]), coef(b)[i])
      emit(paste0("svyby/", d, "/", v), paste0("se.", lv[i]), SE(b)[i])
    }
    for (pair in list(c("E", "H"), c("E", "M"), c("H", "M"))) {
      w <- setNames(rep(0, length(lv)), lv); w[pair[1]] <- 1; w[pair[2]] <- -1
      ct <- svycontrast(b, w)
      est <- coef(ct); se <- SE(ct); df <- degf(designs[[d]])
      c <- paste0("contrast/", d, "/", v, "/", pair[1], "-", pair[2])
      emit(c, "estimate", est); emit(c, "se", se); emit(c, "statistic", est / se); emit(c, "df", df)
      emit(c, "p", 2 * pt(-abs(est / se), df))
      emit(c, "lower", est - qt(0.975, df) * se); emit(c, "upper", est + qt(0.975, df) * se)
    }
  }
}

# svychisq: Rao-Scott second-order F (default) and first-order "Chisq"
for (d in names(designs)) {
  for (f in c("~sch.wide+stype", "~comp.imp+stype", "~sch.wide+comp.imp")) {
    c <- paste0("svychisq/", d, "/", f)
    r <- svychisq(as.formula(f), designs[[d]])
    emit(c, "F", r$statistic); emit(c, "ndf", r$parameter[1]); emit(c, "ddf", r$parameter[2]); emit(c, "p.F", r$p.value)
    r2 <- svychisq(as.formula(f), designs[[d]], statistic = "Chisq")
    # R reports the Pearson X^2 of the table scaled to n and takes its p from X^2 / mean(diag(Delta)) on df
    # = (r-1)(c-1); the first-order corrected statistic is X^2 / mean(diag(Delta)) = qchisq(p, df, upper)
    emit(c, "X2", r2$statistic); emit(c, "df", r2$parameter); emit(c, "p.Chisq", r2$p.value)
    # F = X^2 / tr(Delta), so X^2 / mean(diag(Delta)) = F * df
    emit(c, "X2.corrected", r$statistic * r2$parameter)
  }
}
res <- do.call(rbind, out)
write.csv(res, "design.csv", row.names = FALSE)
