// Bradley-Terry ratings by maximum likelihood on the Elo scale, with bootstrap
// intervals over the battle table.
//
// Sources: the paired-comparison model of Bradley and Terry (1952, "Rank analysis of
// incomplete block designs", Biometrika 39), put on the Elo scale and bootstrapped as
// Chatbot Arena does (Chiang et al. 2024, "Chatbot Arena", section 5). What evolbench
// does differently: a weak Gaussian prior (below) where Arena fits plain maximum
// likelihood, so a model that never lost stays finite; ties count half a win each way
// in the likelihood itself (Arena's code writes every battle twice, a tie once each
// way); the bootstrap redraws the pair-by-outcome table as one multinomial (or battle
// by battle, below) from seeds fixed in round order, so the intervals do not depend on
// the thread count; and soft outcomes are fitted as fractional wins.
//
// Model: P(i beats j) = 1 / (1 + exp(-(theta_i - theta_j))); a tie counts as half a
// win each way. Elo = 1000 + (400 / ln 10) * (theta_i - theta_anchor), so 400 Elo
// points are 10:1 odds. Fitted by Newton's method on the pair table.
//
// The prior: every theta_i - mean(theta) has a Gaussian prior with precision
// `prior_precision` (default 1/16: a standard deviation of 4 logits, 1737 Elo). It
// keeps a model that never lost or never won at a finite rating, and moves a model
// with many battles by well under an Elo point.
//
// Covariates (a table built with covariate names, as style control builds it) enter
// the same logistic model: P(i beats j) = 1 / (1 + exp(-(theta_i - theta_j + beta . x)))
// with x the battle's covariates seen from i; each beta has a Gaussian prior around 0
// with the same precision. Ratings are then the thetas: the odds with x = 0.
//
// Soft outcomes (a table of soft battles, BattleTable::add_soft): a battle where model i
// has share s of a win adds s to i's score and 1 - s to j's, the likelihood
// s log P(i beats j) + (1 - s) log P(j beats i), as a tie adds 1/2 to each; the
// bootstrap redraws battles with their shares.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "stats/battle_table.h"
#include "stats/bootstrap.h"
#include "stats/results.h"

namespace evolbench {

inline constexpr double kEloPerLogit = 173.71779276130073;  // 400 / ln 10
inline constexpr double kAnchorElo = 1000.0;
inline constexpr double kRatingPriorPrecision = 1.0 / 16.0;

struct RatingOptions {
  std::string anchor;  // the model fixed at 1000; "" picks the table's first model
  int rounds = 1000;   // bootstrap rounds; 0 gives each rating a zero-width interval
  double prior_precision = kRatingPriorPrecision;  // 0: plain maximum likelihood
  int threads = 0;     // threads sharing the rounds; 0: one per hardware thread
};

struct BradleyTerryFit {
  std::vector<Rating> ratings;             // best first
  std::vector<Coefficient> coefficients;   // one per covariate, logits per unit, in the table's order
};

// The ratings of every model in `table` and the covariates' coefficients, each with
// its bootstrap interval, as rate_models says. A table with covariates has about one
// battle per cell, so its rounds draw the same multinomial battle by battle
// (resample_units) rather than cell by cell.
Result<BradleyTerryFit> fit_bradley_terry(const BattleTable& table, const RatingOptions& options, Rng& rng);

// Ratings of every model in `table`, best first. Each bootstrap round redraws the
// table's counts as one multinomial over its pair x outcome cells (same total) and
// refits. A round draws from its own generator, seeded from `rng` in round order, so
// the intervals are the same whatever `threads` is. Errors: an empty table, an unknown
// anchor, or a comparison graph in more than one piece (the error lists the components).
Result<std::vector<Rating>> rate_models(const BattleTable& table, const RatingOptions& options,
                                        Rng& rng);

}  // namespace evolbench
