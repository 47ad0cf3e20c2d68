#include "stats/style_control.h"

#include <utility>

namespace evolbench {

std::vector<std::string> style_feature_names() { return {kStyleLength, kStyleMarkdownDensity}; }

double style_difference(double a, double b) { return a + b == 0.0 ? 0.0 : (a - b) / (a + b); }

std::vector<double> style_covariates(const StyleFeatures& a, const StyleFeatures& b) {
  return {style_difference(a.length, b.length), style_difference(a.markdown_density(), b.markdown_density())};
}

Result<StyleControl> style_controlled_ratings(const BattleTable& styled, const RatingOptions& options, Rng& rng) {
  auto fit = fit_bradley_terry(styled, options, rng);
  EVB_TRY(fit);
  return StyleControl{.features = styled.covariate_names(),
                      .coefficients = std::move(fit->coefficients),
                      .ratings = std::move(fit->ratings)};
}

}  // namespace evolbench
