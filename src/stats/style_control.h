// Style control: Bradley-Terry ratings with the answers' style held equal.
//
// Source: Chatbot Arena's style control (Li et al., "Does style matter? Disentangling
// style and substance in Chatbot Arena", LMSYS blog, 2024-08-29). Each battle gets
// covariates, the differences of the two answers' style features, each as
// (a - b) / (a + b) (0 when both are 0), in the same logistic model as the models'
// strengths (stats/bradley_terry.h); a model's rating is its strength with the
// covariates at 0, and each coefficient says how much the judge pays for style.
//
// What evolbench does differently: two features, length in characters and markdown
// density (headers, list items and bold spans per 1,000 characters,
// stats/style_features.h), where Arena has tokens and three markdown counts. The
// features are scaled by a fixed rule, the ratio above, which lies in [-1, 1] whatever
// models are rated; Arena (and Arena-Hard) also divide each by its standard deviation
// over the pool's battles, so adding a model rescales every coefficient and moves
// every other model's figure. The interval is the same bootstrap as the plain ratings'.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "stats/battle_table.h"
#include "stats/bootstrap.h"
#include "stats/bradley_terry.h"
#include "stats/results.h"
#include "stats/style_features.h"

namespace evolbench {

inline constexpr const char* kStyleLength = "length";
inline constexpr const char* kStyleMarkdownDensity = "markdown_density";

// The features style control fits, in the order of style_covariates.
std::vector<std::string> style_feature_names();

// (a - b) / (a + b) for non-negative a and b; 0 when both are 0.
double style_difference(double a, double b);

// The covariates of a battle between answers `a` and `b`, seen from a: the style
// differences of length and of markdown density.
std::vector<double> style_covariates(const StyleFeatures& a, const StyleFeatures& b);

// The style-controlled ratings and coefficients of `styled`, a table whose covariates
// are style_feature_names() (Errors as rate_models).
Result<StyleControl> style_controlled_ratings(const BattleTable& styled, const RatingOptions& options, Rng& rng);

}  // namespace evolbench
