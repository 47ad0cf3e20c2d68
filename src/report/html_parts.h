// Pieces of the HTML report (private to src/report): number formats, the SVG charts
// and the item browser. Every function returns markup with all data text escaped.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "report/numbers.h"
#include "report/views.h"
#include "stats/results.h"

namespace evolbench::html {

// `text` cut to `length` characters (UTF-8 aware) with an ellipsis, then escaped.
std::string short_label(const std::string& text, std::size_t length);
// A fill colour for a win rate: red below one half, white at one half, blue above.
std::string heat_colour(double rate);
// The colour of the model at `index` in the report's legend order.
const char* model_colour(std::size_t index);

// Pooled win rate per difficulty level, one line per model with its Wilson band.
std::string difficulty_chart(const std::map<std::string, PooledStrata>& pooled,
                             const std::vector<std::string>& models);
// Axis ticks inside [low, high] at a round step: the smallest of 1, 2 or 5 times a
// power of ten that is at least (high - low) / most.
std::vector<double> round_ticks(double low, double high, int most);
// Ratings with their intervals, best first, with the anchor's 1000 marked.
std::string forest_plot(const std::vector<LeaderboardEntry>& entries);
// Items per difficulty level.
std::string histogram_chart(const std::map<int, int>& counts, const std::string& label);

// The browser's filters and items (results.browser), with a note of the cap.
std::string item_browser(const Results& results);
// Position consistency, first-position share, ties and parse failures, and each
// judge model's self-preference.
std::string judge_diagnostics(const Results& results);
// A notice for each judge model that grades its own family (results.self_preference).
std::string self_preference_flags(const Results& results);

}  // namespace evolbench::html
