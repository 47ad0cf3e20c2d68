// Logistic regression by Newton's method (iteratively reweighted least squares), the
// building block of the length-controlled win rate and the difficulty effect.
//
// Source: the binomial GLM fitted by IRLS (McCullagh and Nelder 1989, "Generalized
// Linear Models", ch. 4). What evolbench does differently from a textbook fit: a ridge
// per column, so AlpacaEval 2's length and instruction terms stay finite when a judge's
// preference is separated by length, and Newton steps are capped rather than line-searched.
#pragma once

#include <Eigen/Dense>

#include "core/result.h"

namespace evolbench {

// Newton's method, as both fits here use it: at most this many steps, and a step
// longer than kLargestNewtonStep logits is shortened (far from the optimum the
// quadratic model overshoots; a capped step still converges).
inline constexpr int kMaxNewtonSteps = 100;
inline constexpr double kLargestNewtonStep = 5.0;

struct LogisticFit {
  Eigen::VectorXd coefficients;
  // Inverse of the penalised information matrix at the optimum: the Wald covariance.
  Eigen::MatrixXd covariance;
};

// Maximises sum_i [y_i log p_i + (1 - y_i) log(1 - p_i)] - sum_j ridge_j b_j^2 / 2 with
// p_i = 1 / (1 + exp(-features.row(i) b)). Targets may be fractional (a tie is 0.5);
// `ridge` has one entry per column (0: unpenalised). An Error when Newton does not
// converge, which happens when the outcomes are separated by an unpenalised column.
Result<LogisticFit> fit_logistic(const Eigen::MatrixXd& features, const Eigen::VectorXd& targets,
                                 const Eigen::VectorXd& ridge);

// 1 / (1 + exp(-x)).
double logistic(double x);

}  // namespace evolbench
