#include "report/views.h"

#include <algorithm>

#include "report/numbers.h"

namespace evolbench {

namespace {
void pool_into(Stratum& pooled, const Stratum& stratum) {
  pooled.tally.wins += stratum.tally.wins;
  pooled.tally.ties += stratum.tally.ties;
  pooled.tally.losses += stratum.tally.losses;
}

template <class Key>
void finish(std::map<Key, Stratum>& strata) {
  for (auto& [key, stratum] : strata) stratum.ci95 = win_rate_interval(stratum.tally);
}
}  // namespace

std::vector<LeaderboardEntry> leaderboard_entries(const Results& results) {
  std::vector<LeaderboardEntry> entries;
  for (const auto& row : results.leaderboard) {
    LeaderboardEntry entry;
    entry.model = row.model;
    entry.mean_win_rate = row.mean_win_rate;
    entry.n = row.n;
    for (const auto& rating : results.ratings)
      if (rating.model == row.model) entry.rating = &rating;
    if (results.style_control)
      for (const auto& rating : results.style_control->ratings)
        if (rating.model == row.model) entry.style_controlled = &rating;
    for (const auto& pair : results.pairs) {
      if (pair.model != row.model) continue;
      entry.unparsed += pair.unparsed;
      if (pair.opponent == results.ratings_anchor) entry.vs_anchor = &pair;
    }
    entries.push_back(std::move(entry));
  }
  if (!results.ratings.empty())
    std::stable_sort(entries.begin(), entries.end(), [](const LeaderboardEntry& a, const LeaderboardEntry& b) {
      const double elo_a = a.rating ? a.rating->elo : -1e300;
      const double elo_b = b.rating ? b.rating->elo : -1e300;
      return elo_a > elo_b;
    });
  return entries;
}

std::string difficulty_labels_note(const Results& results) {
  int labelled = 0;
  for (const auto& [level, count] : results.difficulty_histogram) labelled += count;
  if (labelled >= results.items) return "";
  const std::string how =
      "grade them with evolbench testset score TESTSET --out SCORED (any endpoint, cached and resumable), evolve "
      "the test set with evolbench, or add a difficulty 1-10 field to each item.";
  if (labelled == 0) return "The test set has no difficulty labels; " + how;
  return std::to_string(results.items - labelled) + " of " + std::to_string(results.items) +
         " items have no difficulty label and are left out of the difficulty charts; " + how;
}

std::string length_control_note(const Results& results) {
  std::map<std::string, std::vector<std::string>> models_by_term;
  int models_in_joint_fit = 0;
  for (const auto& pair : results.pairs) {
    if (pair.opponent != results.ratings_anchor || pair.lc_instruction_term.empty()) continue;
    models_by_term[pair.lc_instruction_term].push_back(pair.model);
    if (pair.lc_instruction_term == "joint") models_in_joint_fit = pair.lc_models_in_fit;
  }
  if (models_by_term.empty()) return "";
  const std::string anchor = results.ratings_anchor;
  const auto says = [&](const std::string& term) -> std::string {
    if (term == "joint")
      return "fitted jointly from the " + std::to_string(models_in_joint_fit) + " models judged against " + anchor +
             " on the same items (a random term per item, as AlpacaEval fits its instruction difficulty from many "
             "models)";
    if (term == "difficulty") return "the items' judged difficulty";
    return "none (one model judged against " + anchor + ", and the items have no difficulty)";
  };
  std::string note = "LC's instruction term: ";
  if (models_by_term.size() == 1) {
    note += says(models_by_term.begin()->first);
  } else {
    bool first_term = true;
    for (const auto& [term, models] : models_by_term) {
      note += (first_term ? "" : "; ") + says(term) + " for";
      for (std::size_t i = 0; i < models.size(); ++i) note += (i ? ", " : " ") + models[i];
      first_term = false;
    }
  }
  note += ". Its interval is a bootstrap over items with that term held.";
  if (results.run.backend == "import:alpacaeval")
    note += " AlpacaEval's published LC for the same annotations differs: it uses instruction difficulties it "
            "fitted once from many models on its own 805 instructions and regularises toward length-gamed "
            "baselines, neither of which an annotations file holds.";
  return note;
}

std::string style_control_note(const Results& results) {
  if (!results.style_control) return "";
  std::string note = "Style-controlled rating: the same Bradley-Terry fit with each game's differences of answer "
                     "length and of markdown density (headers, list items and bold spans per 1,000 characters), "
                     "each as (a - b) / (a + b), as covariates, read with them at 0 (Chatbot Arena's style "
                     "control, with fixed scaling). Coefficients, logits per unit:";
  for (std::size_t i = 0; i < results.style_control->coefficients.size(); ++i) {
    const Coefficient& c = results.style_control->coefficients[i];
    note += (i ? ", " : " ") + c.name + " " + fixed(c.value, 2) + " [" + fixed(c.ci95.low, 2) + ", " +
            fixed(c.ci95.high, 2) + "]";
  }
  return note + "; a positive coefficient means the judge favours more of that feature.";
}

std::map<std::string, PooledStrata> pooled_strata(const Results& results) {
  std::map<std::string, PooledStrata> pooled;
  for (const auto& pair : results.pairs) {
    PooledStrata& model = pooled[pair.model];
    for (const auto& [level, stratum] : pair.by_difficulty) pool_into(model.by_difficulty[level], stratum);
    for (const auto& [bucket, stratum] : pair.by_bucket) pool_into(model.by_bucket[bucket], stratum);
    for (const auto& [skill, stratum] : pair.by_skill) pool_into(model.by_skill[skill], stratum);
    for (const auto& [turn, stratum] : pair.by_turn) pool_into(model.by_turn[turn], stratum);
  }
  for (auto& [model, strata] : pooled) {
    finish(strata.by_difficulty);
    finish(strata.by_bucket);
    finish(strata.by_skill);
    finish(strata.by_turn);
  }
  return pooled;
}

}  // namespace evolbench
