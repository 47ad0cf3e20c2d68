#include "report/csv.h"

#include <cstdio>

#include "report/views.h"

namespace evolbench {

namespace {
std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4f", value);
  return buffer;
}

std::vector<std::string> stratum_fields(const std::string& model, const std::string& opponent,
                                        const char* kind, const std::string& name,
                                        const Stratum& stratum) {
  const WinTally& t = stratum.tally;
  return {model,
          opponent,
          kind,
          name,
          std::to_string(t.n()),
          std::to_string(t.wins),
          std::to_string(t.ties),
          std::to_string(t.losses),
          number(t.win_rate()),
          number(stratum.ci95.low),
          number(stratum.ci95.high),
          t.n() < kSmallStratum ? "yes" : "no"};
}
}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += csv_field(fields[i]);
  }
  out += "\r\n";
  return out;
}

std::string leaderboard_csv(const Results& results) {
  std::string out = csv_row({"rank", "model", "elo", "elo_ci95_low", "elo_ci95_high", "anchor",
                             "win_rate_vs_anchor", "win_rate_ci95_low", "win_rate_ci95_high",
                             "lc_win_rate", "mean_win_rate", "n", "unparsed"});
  int rank = 0;
  for (const auto& entry : leaderboard_entries(results)) {
    const Rating* rating = entry.rating;
    const PairResult* pair = entry.vs_anchor;
    out += csv_row({std::to_string(++rank), entry.model, rating ? number(rating->elo) : "",
                    rating ? number(rating->ci95.low) : "", rating ? number(rating->ci95.high) : "",
                    results.ratings_anchor, pair ? number(pair->overall.tally.win_rate()) : "",
                    pair ? number(pair->bootstrap_ci95.low) : "", pair ? number(pair->bootstrap_ci95.high) : "",
                    pair && pair->lc_win_rate ? number(*pair->lc_win_rate) : "", number(entry.mean_win_rate),
                    std::to_string(entry.n), std::to_string(entry.unparsed)});
  }
  return out;
}

std::string by_difficulty_csv(const Results& results) {
  std::string out = csv_row({"model", "opponent", "kind", "stratum", "n", "wins", "ties", "losses",
                             "win_rate", "ci95_low", "ci95_high", "small"});
  for (const auto& pair : results.pairs) {
    for (const char* bucket : kBuckets)
      if (const auto found = pair.by_bucket.find(bucket); found != pair.by_bucket.end())
        out += csv_row(stratum_fields(pair.model, pair.opponent, "bucket", bucket, found->second));
    for (const auto& [level, stratum] : pair.by_difficulty)
      out += csv_row(
          stratum_fields(pair.model, pair.opponent, "level", std::to_string(level), stratum));
  }
  return out;
}


std::string by_skill_csv(const Results& results) {
  std::string out = csv_row({"model", "opponent", "skill", "n", "wins", "ties", "losses", "win_rate",
                             "ci95_low", "ci95_high", "small"});
  for (const auto& pair : results.pairs)
    for (const auto& [skill, stratum] : pair.by_skill) {
      auto fields = stratum_fields(pair.model, pair.opponent, "", skill, stratum);
      fields.erase(fields.begin() + 2);  // no kind column: every row is a skill
      out += csv_row(fields);
    }
  return out;
}

std::string judgments_csv(const std::vector<JudgedItem>& items) {
  std::string out = csv_row({"item_id", "model_a", "model_b", "difficulty", "skill", "a_first", "b_first",
                             "outcome", "length_a", "length_b", "turn"});
  for (const auto& item : items) {
    const Judgment& j = item.judgment;
    out += csv_row({j.item_id, j.model_a, j.model_b, std::to_string(item.difficulty), item.skill,
                    to_string(j.a_first), to_string(j.b_first), to_string(j.outcome),
                    std::to_string(item.style_a.length), std::to_string(item.style_b.length), std::to_string(j.turn)});
  }
  return out;
}

}  // namespace evolbench
