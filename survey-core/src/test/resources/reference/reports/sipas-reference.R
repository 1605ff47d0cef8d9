# Reference numbers for the SIPAS report (org.civicsurvey.report.SipasReport).
# R 4.2.2, survey 4.1.1. Run from this folder:  Rscript sipas-reference.R
# Writes sipas-responses.csv (wide form, as other survey tools export: codes 98 = don't know,
# 97 = not applicable, empty = not shown) and sipas-expected.csv (item shares, elements, index, the
# change 2024 - 2023, overall, per province and per year, with SEs and 95% intervals).
library(survey)
set.seed(20261127)
n <- 240
province <- sample(c("HN", "HP", "DN"), n, replace = TRUE, prob = c(.45, .35, .20))
year <- sample(c(2023, 2024), n, replace = TRUE)
w <- round(runif(n, 0.5, 3), 3)
elements <- list(access = paste0("tc", 1:4), procedures = paste0("tt", 1:5), civil_servants = paste0("cc", 1:6),
                 results = paste0("kq", 1:3), feedback = paste0("pa", 1:4))
items <- unlist(elements, use.names = FALSE)
latent <- rnorm(n) + ifelse(province == "HN", .3, ifelse(province == "DN", -.2, 0)) + ifelse(year == 2024, .25, 0)
pa_used <- ifelse(runif(n) < .6, "yes", "no")
d <- data.frame(id = sprintf("r%03d", seq_len(n)), province = province,
                date = sprintf("%d-%02d-15", year, sample(1:12, n, replace = TRUE)), weight = w,
                stratum = match(province, c("DN", "HN", "HP")), pa_used = pa_used, stringsAsFactors = FALSE)
for (k in items) {
  y <- as.integer(cut(latent + rnorm(n, 0, 1.1) + runif(1, -.3, .6), c(-Inf, -1.6, -.8, .1, 1.2, Inf)))
  y[runif(n) < .05] <- 98L                         # don't know
  if (k %in% c("tc2", "tt4", "kq3")) y[runif(n) < .06] <- 97L   # not applicable
  # (no item non-response: the SIPAS items are required; blank cells are tested in the CSV importer tests)
  if (k %in% c("pa3", "pa4")) y[pa_used == "no"] <- NA          # hidden (show-if pa_used = yes)
  d[[k]] <- y
}
write.csv(d, "sipas-responses.csv", row.names = FALSE, na = "")

# indicators: a_k = answered 4 or 5; v_k = valid answer (1..5); both 0 otherwise
for (k in items) {
  y <- d[[k]]
  valid <- !is.na(y) & y >= 1 & y <= 5
  d[[paste0("a_", k)]] <- as.numeric(valid & y >= 4)
  d[[paste0("v_", k)]] <- as.numeric(valid)
}
des <- svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = d)
share <- function(k) substitute(A / V, list(A = as.name(paste0("a_", k)), V = as.name(paste0("v_", k))))
mean_of <- function(exprs) {
  e <- exprs[[1]]
  if (length(exprs) > 1) for (x in exprs[-1]) e <- call("+", e, x)
  call("/", e, length(exprs))
}
elem_expr <- lapply(elements, function(ks) mean_of(lapply(ks, share)))
index_expr <- mean_of(elem_expr)
contrasts <- c(setNames(lapply(items, share), items), elem_expr, list(sipas = index_expr))
totals_formula <- as.formula(paste("~", paste(c(paste0("a_", items), paste0("v_", items)), collapse = "+")))
z <- qnorm(0.975)
rows <- list()
emit <- function(group, level, dsub) {
  tot <- svytotal(totals_formula, dsub)
  con <- svycontrast(tot, contrasts)
  est <- coef(con); se <- SE(con)
  for (name in names(contrasts)) {
    lo <- est[[name]] - z * se[[name]]; hi <- est[[name]] + z * se[[name]]
    if (name %in% items) {
      # item interval as R's default svyciprop(method = "logit", na.rm = TRUE): its df = degf(design) is
      # evaluated on dsub, so a province or a year gets the domain's degf (rows minus strata with a
      # positive weight in the domain), as svyby(..., svyciprop) and the engine do
      ci <- confint(svyciprop(as.formula(paste0("~I(ifelse(", name, " > 5, NA, ", name, ") >= 4)")), dsub,
                              method = "logit", na.rm = TRUE))
      lo <- ci[1]; hi <- ci[2]
    }
    rows[[length(rows) + 1]] <<- data.frame(group = group, level = level, item = name, measure = "percent_positive",
                                             value = 100 * est[[name]], se = 100 * se[[name]], lower = 100 * lo,
                                             upper = 100 * hi)
  }
}
emit("*", "*", des)
for (p in c("DN", "HN", "HP")) emit("province", p, subset(des, province == p))
d$year <- substr(d$date, 1, 4)
des <- update(des, year = substr(date, 1, 4))
for (yy in c("2023", "2024")) emit("period", yy, subset(des, year == yy))
# change 2024 - 2023 of each element and the index: one svytotal over year-specific indicators
for (k in items) for (yy in c("2023", "2024")) {
  d[[paste0("a_", k, "_", yy)]] <- d[[paste0("a_", k)]] * (d$year == yy)
  d[[paste0("v_", k, "_", yy)]] <- d[[paste0("v_", k)]] * (d$year == yy)
}
des2 <- svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = d)
ren <- function(e, yy) {
  if (is.name(e)) return(as.name(paste0(as.character(e), "_", yy)))
  if (is.call(e)) return(as.call(c(e[[1]], lapply(as.list(e)[-1], ren, yy = yy))))
  e
}
change <- c(lapply(elem_expr, function(e) call("-", ren(e, "2024"), ren(e, "2023"))),
            list(sipas = call("-", ren(index_expr, "2024"), ren(index_expr, "2023"))))
f2 <- as.formula(paste("~", paste(c(outer(c("a_", "v_"), items, paste0)) |> (\(v) c(paste0(v, "_2023"), paste0(v, "_2024")))(),
                                  collapse = "+")))
ch <- svycontrast(svytotal(f2, des2), change)
for (name in names(change)) {
  e <- coef(ch)[[name]]; s <- SE(ch)[[name]]
  rows[[length(rows) + 1]] <- data.frame(group = "period", level = "2024", item = name, measure = "change",
                                         value = 100 * e, se = 100 * s, lower = 100 * (e - z * s), upper = 100 * (e + z * s))
  rows[[length(rows) + 1]] <- data.frame(group = "period", level = "2024", item = name, measure = "p_value",
                                         value = 2 * pnorm(-abs(e / s)), se = NA, lower = NA, upper = NA)
}
out <- do.call(rbind, rows)
write.csv(out, "sipas-expected.csv", row.names = FALSE, na = "")
cat("wrote", nrow(d), "responses and", nrow(out), "reference rows\n")
