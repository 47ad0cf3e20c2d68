// Win/tie/loss tallies and their intervals.
//
// Source: the Wilson score interval (Wilson 1927, "Probable inference, the law of
// succession, and statistical inference", JASA 22), which unlike the Wald interval
// stays inside [0, 1] and keeps its coverage near 0 and 1. What evolbench does
// differently: a tie counts as half a success (as AlpacaEval's discrete win rate and
// Arena's Bradley-Terry count it), so `successes` may be fractional; the interval then
// treats the item as the trial, which is slightly conservative with many ties.
#pragma once

#include "core/records.h"

namespace evolbench {

// The standard normal quantile of a two-sided 95% interval.
inline constexpr double kZ95 = 1.959963984540054;

struct Interval {
  double low = 0.0;
  double high = 0.0;
  bool operator==(const Interval&) const = default;
};

struct WinTally {
  int wins = 0;
  int ties = 0;
  int losses = 0;

  int n() const { return wins + ties + losses; }
  // (wins + ties / 2) / n; 0.5 when n is 0.
  double win_rate() const;
  // Counts win, tie or loss; unparsed outcomes are not counted here.
  void add(Outcome outcome);
  bool operator==(const WinTally&) const = default;
};

// Wilson score interval for `successes` out of `n` (successes may be fractional:
// ties count half). z = 1.96 gives the 95% interval. [0, 1] when n is 0.
Interval wilson_interval(double successes, double n, double z = kZ95);

// The 95% Wilson interval of a tally's win rate, ties as half a win.
Interval win_rate_interval(const WinTally& tally);

}  // namespace evolbench
