// Resampling for bootstrap intervals. Every draw comes from a seeded generator the
// caller passes in, so the same seed gives the same intervals.
//
// Source: Efron's nonparametric bootstrap with percentile intervals (Efron 1979,
// "Bootstrap methods: another look at the jackknife"; Efron and Tibshirani 1993, ch. 13).
// What evolbench does differently: the unit resampled is the test item, with its two
// orders already combined and all the turns of a conversation drawn together, where
// Arena-Hard redraws battle rows (so an item's two games, and a strong verdict written
// three times, count as independent draws); and since items with equal outcomes are
// interchangeable, a round draws counts per distinct outcome (a multinomial) instead of
// item by item, which gives the same distribution at a fraction of the cost.
#pragma once

#include <random>
#include <span>
#include <vector>

#include "stats/win_rate.h"

namespace evolbench {

// The random source of every bootstrap in evolbench.
using Rng = std::mt19937_64;

// Fills `resampled` (same size as `counts`) with one multinomial draw of sum(counts)
// units over the cells, each cell with probability counts[i] / sum(counts): the
// counts a bootstrap sample of the units would have. Costs one binomial draw per cell.
void resample_counts(std::span<const int> counts, Rng& rng, std::span<int> resampled);

// Fills `draws` with how often each of draws.size() units is drawn in a bootstrap sample
// of as many units, drawn one by one with replacement.
void draw_units(Rng& rng, std::span<int> draws);

// The same multinomial draw as resample_counts by drawing sum(counts) units one by one
// (draw_units, into `draws`, one entry per unit): `units` lists each unit's cell
// (counts[i] entries equal to i, as units_of_counts gives). Costs one draw per unit, so
// it is the cheaper way where most cells hold one unit or none. Counting draws per unit
// first keeps the random writes in an array of one int per unit, and adds them to the
// cells in one pass in cell order.
void resample_units(std::span<const int> units, Rng& rng, std::span<int> draws, std::span<int> resampled);

// The units of `counts` for resample_units: cell i listed counts[i] times, in cell order.
std::vector<int> units_of_counts(std::span<const int> counts);

// The q-quantile (0..1) of `values` with linear interpolation between order
// statistics; reorders `values`. `values` must not be empty.
double quantile(std::vector<double>& values, double q);

// 95% percentile interval of the win rate (ties as half) over `rounds` bootstrap
// samples of the tally's items. Items are the unit: a tally counts each item once
// (both orders already combined), and resampling items is a multinomial draw over
// win/tie/loss. [0, 1] when the tally is empty.
Interval bootstrap_win_rate_interval(const WinTally& tally, int rounds, Rng& rng);

// The same where an item may hold several judged turns (one tally per item): items are
// resampled whole, all their turns together, and the win rate pools the turns of the
// items drawn. Items of one turn each give bootstrap_win_rate_interval of their sum,
// draw for draw. Items with identical tallies are counted together, so a round costs
// the number of distinct tallies, not of items.
Interval bootstrap_win_rate_interval(std::span<const WinTally> items, int rounds, Rng& rng);

// One item's soft outcome over its judged turns: the sum of their soft preferences (a
// log-probability judge's share of a win, each 0..1) and how many turns.
struct SoftItem {
  double sum = 0.0;
  int turns = 0;
};

// 95% percentile interval of the pooled soft win rate (sum over turns / turns) over
// `rounds` bootstrap samples of whole items, drawn one by one with replacement. [0, 1]
// when there are no items.
Interval bootstrap_soft_win_rate_interval(std::span<const SoftItem> items, int rounds, Rng& rng);

}  // namespace evolbench
