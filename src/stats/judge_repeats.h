// Judge noise apart from item noise, from games judged several times (plan
// judge.repeats): how often the judge repeats itself, and win-rate intervals that count
// the judge's sampling as well as the items.
//
// Repetition stability comes from "Judging the Judges" (Shi et al. 2024, arXiv
// 2406.07791), which asks a judge the same comparison several times and scores each
// query by the share of its trials that give the most frequent choice. evolbench counts
// stricter: a game (one order of an item's turn before one judge model) is stable only
// when every repeat gives the same verdict, so with k repeats and a judge that flips a
// verdict with probability f the share is (1 - f)^k + f^k; games not read in every
// repeat are left out. The interval resamples items (an item's games, every order and
// turn, together), as every other interval of evolbench does, where the paper reports
// none.
//
// The two-level bootstrap resamples items, then within each item drawn resamples its
// repeats (Davison and Hinkley 1997, section 3.8, sampling at both stages). Beside it
// the one-level interval resamples items with all their repeats. Given the data the
// two-level variance is the one-level's plus mean_i(s_i^2) / (n k) for n items of k
// repeats and one judged turn each, s_i^2 the variance of item i's k repeat scores: the
// judge's noise counted again on top of what the item means already carry, which makes
// it the conservative interval (a rerun of the judge moves the figure within it).
#pragma once

#include <vector>

#include "stats/bootstrap.h"
#include "stats/win_rate.h"

namespace evolbench {

// One item of one ordered pair: its tally in each repeat read (every turn of the item
// pooled), in repeat order.
struct RepeatedItem {
  std::vector<WinTally> repeats;
};

// The win rate over every repeat of every item: (wins + ties / 2) / n pooled; 0.5 when empty.
double repeated_win_rate(const std::vector<RepeatedItem>& items);

// The pooled win rate of `rounds` bootstrap samples: items drawn with replacement and,
// when `resample_repeats`, each drawn item's repeats drawn with replacement too (as many
// as it has); else each drawn item with all its repeats. Empty when there is no item.
std::vector<double> bootstrap_repeated_win_rates(const std::vector<RepeatedItem>& items, bool resample_repeats,
                                                 int rounds, Rng& rng);

// The 95% percentile interval of those samples; [0, 1] when there is no item.
Interval repeated_win_rate_interval(const std::vector<RepeatedItem>& items, bool resample_repeats, int rounds,
                                    Rng& rng);

// The standard deviation of one repeat's win rate from the judge's sampling alone, the
// items held: sqrt(sum_i var_i) / n, var_i the sample variance (divisor k_i - 1) of item
// i's score over its k_i repeats and n the judged turns of one repeat. What a rerun of
// the judge on the same answers moves the win rate by; 0 without an item of two repeats.
double judge_noise_sd(const std::vector<RepeatedItem>& items);

// One game's verdicts over the repeats, in repeat order (kUnparsed where unread).
struct RepeatedGame {
  std::vector<Outcome> verdicts;
};

struct RepetitionStability {
  int games = 0;   // games read in every one of the repeats
  int stable = 0;  // of those, games with the same verdict in every repeat
  double share() const { return games ? static_cast<double>(stable) / games : 1.0; }
  Interval ci95;   // items resampled, each with all its games
};

// Repetition stability over items, each a list of its games; a game counts when it has
// `repeats` verdicts, none unparsed.
RepetitionStability repetition_stability(const std::vector<std::vector<RepeatedGame>>& items, int repeats,
                                         int rounds, Rng& rng);

}  // namespace evolbench
