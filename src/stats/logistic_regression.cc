#include "stats/logistic_regression.h"

#include <cmath>

namespace evolbench {

namespace {

constexpr double kCoefficientsConverged = 1e-10;  // largest coefficient change, in logits

}  // namespace

double logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

Result<LogisticFit> fit_logistic(const Eigen::MatrixXd& features, const Eigen::VectorXd& targets,
                                 const Eigen::VectorXd& ridge) {
  const Eigen::Index columns = features.cols();
  Eigen::VectorXd coefficients = Eigen::VectorXd::Zero(columns);
  Eigen::MatrixXd information(columns, columns);
  for (int step = 0; step < kMaxNewtonSteps; ++step) {
    const Eigen::VectorXd p = (features * coefficients).unaryExpr(&logistic);
    const Eigen::VectorXd weights = p.array() * (1.0 - p.array());
    const Eigen::VectorXd gradient =
        features.transpose() * (targets - p) - ridge.cwiseProduct(coefficients);
    information = features.transpose() * weights.asDiagonal() * features;
    information.diagonal() += ridge;
    const Eigen::LDLT<Eigen::MatrixXd> solver(information);
    if (solver.info() != Eigen::Success || !solver.isPositive())
      return input_error("logistic regression: the information matrix is singular");
    Eigen::VectorXd change = solver.solve(gradient);
    const double largest = change.cwiseAbs().maxCoeff();
    if (!std::isfinite(largest)) return input_error("logistic regression: diverged");
    if (largest > kLargestNewtonStep) change *= kLargestNewtonStep / largest;
    coefficients += change;
    if (largest < kCoefficientsConverged) {
      return LogisticFit{coefficients, solver.solve(Eigen::MatrixXd::Identity(columns, columns))};
    }
  }
  return input_error("logistic regression: no convergence (the outcomes are separated)");
}

}  // namespace evolbench
