# Wold's PLS path modelling algorithm in base R (sourced by pls.R and acsi.R).
# X: standardised item matrix (scale()); blocks: named list construct -> item names;
# D: J x J 0/1 matrix with dimnames, D[i, j] = 1 for a path i -> j; scheme: "centroid",
# "factorial" or "path"; modeB: names of formative blocks. Outer weights start at 1, are scaled to
# unit score variance, and iterate until no weight changes by tol. Returns outer weights W, path
# coefficients B, total effects T, item-construct correlations L, R^2 and iterations.
plsFit <- function(X, blocks, D, scheme, modeB = character(), tol = 1e-12, maxit = 1000) {
  lv <- rownames(D); J <- length(lv)
  W <- matrix(0, ncol(X), J, dimnames = list(colnames(X), lv))
  for (l in lv) W[blocks[[l]], l] <- 1
  norm <- function(W) {                       # scores of unit variance
    Y <- X %*% W
    sweep(W, 2, apply(Y, 2, sd), "/")
  }
  W <- norm(W)
  for (it in 1:maxit) {
    Y <- X %*% W
    R <- cor(Y)
    A <- D + t(D)                             # adjacency
    E <- switch(scheme,
      centroid = sign(R) * A,
      factorial = R * A,
      path = {
        E <- R * 0                            # E[j, i]: weight of Y_i in Z_j
        for (j in 1:J) {
          succ <- which(D[j, ] == 1); pred <- which(D[, j] == 1)
          E[j, succ] <- R[j, succ]
          if (length(pred) > 0) E[j, pred] <- solve(R[pred, pred, drop = FALSE], R[pred, j])
        }
        E
      })
    Z <- Y %*% t(E)                            # inner proxies: Z[, j] = sum_i E[j, i] Y[, i]
    Wn <- W * 0
    for (l in lv) {
      Xb <- X[, blocks[[l]], drop = FALSE]
      Wn[blocks[[l]], l] <- if (l %in% modeB) solve(cov(Xb), cov(Xb, Z[, l])) else cov(Xb, Z[, l])
    }
    Wn <- norm(Wn)
    change <- max(abs(Wn - W))
    W <- Wn
    if (change < tol) break
  }
  Y <- X %*% W
  B <- matrix(0, J, J, dimnames = list(lv, lv)); r2 <- setNames(rep(0, J), lv)
  for (j in 1:J) {
    pred <- which(D[, j] == 1)
    if (length(pred) == 0) next
    R <- cor(Y)
    b <- solve(R[pred, pred, drop = FALSE], R[pred, j])
    B[pred, j] <- b
    r2[j] <- sum(b * R[pred, j])
  }
  Tot <- solve(diag(J) - B) - diag(J); dimnames(Tot) <- dimnames(B)
  L <- cor(X, Y)
  list(W = W, B = B, T = Tot, L = L, r2 = r2, it = it)
}

