// Significance of pairwise differences, and its adjustment for many pairs.
//
// Sources: the exact sign test (Dixon and Mood 1946, "The statistical sign test", JASA
// 41) and Holm's step-down procedure (Holm 1979, "A simple sequentially rejective
// multiple test procedure", Scand. J. Statistics 6). What evolbench does differently:
// neither AlpacaEval, Arena-Hard nor MT-Bench tests pairs at all; here every pair of a
// run gets a test over its items (not its games, which are not independent), adjusted
// over all pairs of the run, and with soft outcomes (stats/statistics.h) an item counts
// for the side its preference leans to.
#pragma once

#include <vector>

namespace evolbench {

// Two-sided exact sign test of "neither model is better": ties are dropped and the
// wins are Binomial(wins + losses, 1/2) under the null. 1 when wins + losses is 0.
double sign_test_p_value(int wins, int losses);

// Holm's step-down adjustment of a family of p-values (controls the family-wise error
// rate); the result is in the input's order.
std::vector<double> holm_adjusted(const std::vector<double>& p_values);

}  // namespace evolbench
