# Reference values for org.civicsurvey.analysis.pls (PLS path modelling) on the ECSI mobi data.
# Run from this directory:  Rscript pls.R      (R 4.2.2, base R only)
#
# Neither plspm, semPLS nor seminr is packaged for Debian (apt-cache search r-cran-plspm
# r-cran-sempls r-cran-seminr finds nothing), and only Maven Central / Debian / npm are reachable
# here, so the path and factorial references below come from this script's own base-R
# transcription of Wold's algorithm (Tenenhaus, Esposito Vinzi, Chatelin & Lauro 2005, sec. 2;
# Lohmoeller 1989), written independently of the Java code in matrix form. The transcription is
# first checked against the SmartPLS 2.0.M3 centroid results shipped in smartpls-centroid/ (the
# script stops if any path coefficient, outer weight or total effect differs by more than 1e-6),
# and, for the path and factorial schemes, against seminr's published test fixtures for a
# four-construct mobi model (seminr-mobi4.csv; checked at the end of this script).
#
# Writes pls-expected.csv (long format: scheme, statistic, from, to, value):
#   outerWeight (from = construct, to = item), loading (construct, item), path (from, to),
#   total (from, to), rSquared (construct, ""), rho / ave (construct, "") -- Dillon-Goldstein rho
#   and AVE from the loadings; for the centroid scheme also rhoSmartPls / aveSmartPls computed
#   from the SmartPLS loadings in centroid_crossLoadings.txt. Scheme "pathImageModeB" is the
#   path scheme with the Image block formative (mode B: w = S_XX^-1 cov(X, Z)).
#   indexWeightSmartPls / indexSmartPls / impactSmartPls: ACSI 0-100 rescaling and impacts
#   computed here from the SmartPLS weights and total effects (see the end of the script).

options(digits = 17)
mobi <- read.csv("mobi.csv")
mm <- read.csv("ECSI_measurement_model.csv")
sm <- read.csv("ECSI_structural_model.csv")
lv <- unique(mm$source)                       # Image, Expectation, Quality, Value, ...
J <- length(lv)
D <- matrix(0, J, J, dimnames = list(lv, lv))  # D[i, j] = 1 if i -> j
for (k in seq_len(nrow(sm))) D[sm$source[k], sm$target[k]] <- 1
X <- scale(as.matrix(mobi[, mm$target]))       # mean 0, variance 1 (n - 1)
n <- nrow(X)
blocks <- lapply(lv, function(l) mm$target[mm$source == l]); names(blocks) <- lv

source("pls-wold.R")

readSmart <- function(file) {
  t <- read.table(file.path("smartpls-centroid", file), header = TRUE, sep = "\t", dec = ",",
                  row.names = 1, strip.white = TRUE, check.names = FALSE)
  names(t) <- trimws(names(t)); rownames(t) <- trimws(rownames(t)); as.matrix(t)
}
cen <- plsFit(X, blocks, D, "centroid")
sW <- readSmart("centroid_outerWeights.txt"); sB <- readSmart("centroid_pathCoefficients.txt")
sT <- readSmart("centroid_totalEffects.txt"); sL <- readSmart("centroid_crossLoadings.txt")
dW <- max(abs(cen$W[rownames(sW), colnames(sW)] - sW))
dB <- max(abs(cen$B[rownames(sB), colnames(sB)] - sB))
dT <- max(abs(cen$T[rownames(sT), colnames(sT)] - sT))
dL <- max(abs(cen$L[rownames(sL), colnames(sL)] - sL))
cat(sprintf("centroid vs SmartPLS: weights %.2e paths %.2e totals %.2e cross-loadings %.2e\n",
            dW, dB, dT, dL))
stopifnot(dW < 1e-6, dB < 1e-6, dT < 1e-6, dL < 1e-6)

out <- data.frame(scheme = character(), statistic = character(), from = character(),
                  to = character(), value = numeric(), stringsAsFactors = FALSE)
put <- function(...) out[nrow(out) + 1, ] <<- list(...)
rhoAve <- function(lambda) c(sum(lambda)^2 / (sum(lambda)^2 + sum(1 - lambda^2)), mean(lambda^2))
for (scheme in c("centroid", "factorial", "path", "pathImageModeB")) {
  f <- switch(scheme, centroid = cen, pathImageModeB = plsFit(X, blocks, D, "path", modeB = "Image"),
              plsFit(X, blocks, D, scheme))
  cat(scheme, "iterations", f$it, "\n")
  for (l in lv) {
    for (it in blocks[[l]]) {
      put(scheme, "outerWeight", l, it, f$W[it, l]); put(scheme, "loading", l, it, f$L[it, l])
    }
    ra <- rhoAve(f$L[blocks[[l]], l])
    put(scheme, "rho", l, "", ra[1]); put(scheme, "ave", l, "", ra[2])
    put(scheme, "rSquared", l, "", f$r2[[l]])
    if (scheme == "centroid") {
      ra <- rhoAve(sL[blocks[[l]], l])
      put(scheme, "rhoSmartPls", l, "", ra[1]); put(scheme, "aveSmartPls", l, "", ra[2])
    }
  }
  for (a in lv) for (b in lv) if (D[a, b] == 1) put(scheme, "path", a, b, f$B[a, b])
  for (a in lv) for (b in lv) if (f$T[a, b] != 0) put(scheme, "total", a, b, f$T[a, b])
}

# ACSI 0-100 indices and impacts from the SmartPLS centroid weights and total effects, items on
# their 1..10 scale: index weights = (w / sd) normalised to sum 1 per block; index score =
# sum(weight * (x - 1) / 9 * 100); impact(a, b) = 5 * T[a, b] * sd(score b) / sd(score a).
raw <- as.matrix(mobi[, mm$target])
idx <- sapply(lv, function(l) {
  it <- blocks[[l]]
  u <- sW[it, l] / apply(raw[, it, drop = FALSE], 2, sd)
  u <- u / sum(u)
  for (k in it) put("centroid", "indexWeightSmartPls", l, k, u[[k]])
  as.vector(((raw[, it, drop = FALSE] - 1) / 9 * 100) %*% u)
})
for (l in lv) put("centroid", "indexSmartPls", l, "", mean(idx[, l]))
for (a in lv) for (b in lv) if (sT[a, b] != 0)
  put("centroid", "impactSmartPls", a, b, 5 * sT[a, b] * sd(idx[, b]) / sd(idx[, a]))
write.csv(out, "pls-expected.csv", row.names = FALSE)

# Second check of the transcription, for the path and factorial schemes: seminr's own test fixtures
# for the four-construct mobi model (seminr-mobi4.csv, provenance in seminr-mobi4.md).
sem <- read.csv("seminr-mobi4.csv")
b4 <- blocks[c("Image", "Expectation", "Value", "Satisfaction")]
D4 <- D[names(b4), names(b4)] * 0; D4[c("Image", "Expectation", "Value"), "Satisfaction"] <- 1
X4 <- scale(as.matrix(mobi[, unlist(b4)]))
for (s in c("path", "factorial")) {
  f <- plsFit(X4, b4, D4, s)
  r <- sem[sem$scheme == s, ]
  got <- vapply(seq_len(nrow(r)), function(i) if (r$statistic[i] == "path")
    f$B[r$from[i], r$to[i]] else f$L[r$from[i], r$to[i]], numeric(1))
  cat(sprintf("%s scheme vs seminr fixtures: max difference %.2e\n", s, max(abs(got - r$value))))
  stopifnot(max(abs(got - r$value)) < 1e-6)
}
