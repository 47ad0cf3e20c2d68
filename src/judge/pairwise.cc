#include "judge/pairwise.h"

#include <algorithm>
#include <random>
#include <set>
#include <tuple>
#include <unordered_map>

#include "core/hash.h"
#include "judge/judge_calls.h"

namespace evolbench {

namespace {

std::string reference_slot(const Item& item, int turn) {
  return turn_reference(item, turn).value_or("(no reference answer given)");
}

// The model's answers to turns 1..`turn` of the item, in order; none when one is missing.
Result<std::optional<std::vector<std::string>>> answers_up_to(RunStore& store, const Item& item,
                                                              const std::string& model, int turn) {
  std::vector<std::string> texts;
  for (int t = 1; t <= turn; ++t) {
    auto answer = store.find_answer(item.id, model, t);
    EVB_TRY(answer);
    if (!answer->has_value()) return std::optional<std::vector<std::string>>();
    texts.push_back(std::move((*answer)->text));
  }
  return std::optional<std::vector<std::string>>(std::move(texts));
}

using Slots = std::vector<std::pair<std::string, std::string>>;

// A pairwise game's slots: each side's answers up to the turn judged, first shown first.
Slots pairwise_slots(const Item& item, int turn, const std::vector<std::string>& first,
                     const std::vector<std::string>& second) {
  Slots slots{{"instruction", user_message(item, turn)},
              {"answer_a", first.back()},
              {"answer_b", second.back()},
              {"reference", reference_slot(item, turn)}};
  if (turn > 1) {
    slots.emplace_back("conversation_a", conversation_slot(item, {first.begin(), first.end() - 1}));
    slots.emplace_back("conversation_b", conversation_slot(item, {second.begin(), second.end() - 1}));
    slots.emplace_back("turn", std::to_string(turn));
  }
  return slots;
}

// A single grade's slots: the answers up to the turn graded.
Slots single_slots(const Item& item, int turn, const std::vector<std::string>& answers) {
  Slots slots{{"instruction", user_message(item, turn)},
              {"answer", answers.back()},
              {"reference", reference_slot(item, turn)}};
  if (turn > 1) {
    slots.emplace_back("conversation", conversation_slot(item, {answers.begin(), answers.end() - 1}));
    slots.emplace_back("turn", std::to_string(turn));
  }
  return slots;
}

Result<std::set<JudgmentKey>> stored_judgments(RunStore& store) {
  auto all = store.judgments();
  EVB_TRY(all);
  std::set<JudgmentKey> keys;
  // An item whose verdict could not be read is stored (it counts as unparsed) but
  // asked again: the reply was never cached.
  for (const auto& j : *all)
    if (j.outcome != Outcome::kUnparsed) keys.insert({j.judge, j.model_a, j.model_b, j.item_id, j.turn, j.repeat});
  return keys;
}

Status record_call_failure(RunStore& store, JudgeStageResult& result, const std::string& subject,
                           const std::string& judge_model, const Error& error) {
  if (error.kind == Error::Kind::kIo) return error;  // the store failed, not the judge
  result.failures.add(error, subject + " / " + judge_model);
  return store.put_failure({to_string(Stage::kJudge), subject, judge_model, error.message, "", error.permanent});
}

Outcome compare_scores(double a, double b, double tie_margin) {
  return a - b > tie_margin ? Outcome::kWin : b - a > tie_margin ? Outcome::kLoss : Outcome::kTie;
}

Result<std::map<GradeKey, JudgeGame>> stored_grades(RunStore& store, const JudgeSpec& judge) {
  auto games = store.games(judge.label());
  EVB_TRY(games);
  std::map<GradeKey, JudgeGame> grades;  // read and unread; an unread one has no score_a
  for (auto& game : *games) grades[{game.judge_model, game.item_id, game.model_a, game.turn}] = std::move(game);
  return grades;
}

// Whether `member`'s verdict is left out of the panel's on the pair of `a` and `b`.
bool left_out(const PairwiseOptions& options, const std::string& member, const std::string& a,
              const std::string& b) {
  const Families& families = options.families;
  return options.exclude_own_family &&
         grades_own_family(family_of(families, member), family_of(families, a), family_of(families, b));
}

// Stores the panel's judgment of every scheduled pair and repeat all members have judged,
// without the members the options leave out of it.
Status combine_panel(const std::vector<Item>& items, const std::vector<ScheduledPair>& schedule,
                     const std::vector<std::string>& members, const PairwiseOptions& options,
                     const JudgeSpec& judge, RunStore& store) {
  auto all = store.judgments();
  EVB_TRY(all);
  std::map<JudgmentKey, Judgment> by_key;
  for (auto& j : *all) by_key[{j.judge, j.model_a, j.model_b, j.item_id, j.turn, j.repeat}] = std::move(j);
  auto games = store.games(judge.label());
  EVB_TRY(games);
  // Each member's mean margin on an item: over its games, or from its two grades.
  std::map<JudgmentKey, std::pair<double, int>> margin_sums;  // (judge model, a, b, item, turn, repeat)
  std::map<GradeKey, std::optional<double>> grades;
  for (const auto& game : *games) {
    if (judge.kind == JudgeKind::kSingle) {
      grades[{game.judge_model, game.item_id, game.model_a, game.turn}] = game.score_a;
      continue;
    }
    auto& [sum, count] =
        margin_sums[{game.judge_model, game.model_a, game.model_b, game.item_id, game.turn, game.repeat}];
    sum += game_margin(game);
    ++count;
  }
  const auto member_margin = [&](const std::string& member, const ScheduledPair& pair, int repeat) {
    const std::string& item_id = items[pair.item].id;
    if (judge.kind == JudgeKind::kSingle)
      return *grades[{member, item_id, pair.model_a, pair.turn}] - *grades[{member, item_id, pair.model_b, pair.turn}];
    const auto& [sum, count] = margin_sums[{member, pair.model_a, pair.model_b, item_id, pair.turn, repeat}];
    return count ? sum / count : 0.0;
  };

  // Recombined every run: a member's unparsed verdict read again changes the panel's.
  RunStore::Transaction transaction(store);
  for (const auto& pair : schedule)
    for (int repeat = 1; repeat <= options.repeats; ++repeat) {
      const std::string& item_id = items[pair.item].id;
      std::vector<Outcome> outcomes, a_first, b_first;
      std::vector<double> margins;
      std::size_t voting = 0;
      for (const auto& member : members) {
        if (left_out(options, member, pair.model_a, pair.model_b)) continue;
        ++voting;
        const auto found = by_key.find(
            {member_label(judge.label(), member, members.size()), pair.model_a, pair.model_b, item_id, pair.turn, repeat});
        if (found == by_key.end()) break;
        outcomes.push_back(found->second.outcome);
        a_first.push_back(found->second.a_first);
        b_first.push_back(found->second.b_first);
        if (found->second.outcome != Outcome::kUnparsed) margins.push_back(member_margin(member, pair, repeat));
      }
      if (outcomes.size() < voting) continue;  // a member has not judged it yet
      const Outcome outcome = judge.panel == PanelRule::kMajority
                                  ? panel_majority(outcomes)
                                  : panel_mean(margins, judge.kind == JudgeKind::kPairwiseScores ||
                                                                judge.kind == JudgeKind::kSingle
                                                            ? judge.tie_margin
                                                            : 0.0);
      EVB_TRY(store.put_judgment({item_id, pair.model_a, pair.model_b, judge.label(), panel_majority(a_first),
                                  panel_majority(b_first), outcome, pair.turn, repeat}));
    }
  return transaction.commit();
}

}  // namespace

Result<std::vector<ScheduledPair>> schedule_pairs(const std::vector<Item>& items,
                                                  const PairwiseOptions& options) {
  const auto& models = options.models;
  std::vector<std::pair<std::size_t, std::size_t>> pairs;  // indices into models, first < second
  if (options.design == PairDesign::kAgainstBaseline) {
    const auto baseline = std::find(models.begin(), models.end(), options.baseline);
    if (baseline == models.end())
      return input_error("baseline '" + options.baseline + "' is not one of the judged models");
    const auto b = static_cast<std::size_t>(baseline - models.begin());
    for (std::size_t m = 0; m < models.size(); ++m)
      if (m != b) pairs.emplace_back(std::min(m, b), std::max(m, b));
  } else {
    for (std::size_t a = 0; a < models.size(); ++a)
      for (std::size_t b = a + 1; b < models.size(); ++b) pairs.emplace_back(a, b);
  }
  if (options.design == PairDesign::kSampled && options.pairs_per_item < 1)
    return input_error("pairs_per_item must be at least 1");

  // Sampled design: a seeded partial shuffle of the pairs per item, so an item's draw
  // does not depend on the other items.
  std::vector<std::set<std::size_t>> sampled(items.size());
  if (options.design == PairDesign::kSampled)
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::vector<std::size_t> order(pairs.size());
      for (std::size_t p = 0; p < order.size(); ++p) order[p] = p;
      std::mt19937_64 random(derive_seed(options.seed, "pairs\n" + items[i].id));
      const std::size_t take = std::min(order.size(), static_cast<std::size_t>(options.pairs_per_item));
      for (std::size_t p = 0; p < take; ++p) {
        std::swap(order[p], order[p + random() % (order.size() - p)]);
        sampled[i].insert(order[p]);
      }
    }

  std::vector<ScheduledPair> schedule;
  for (std::size_t p = 0; p < pairs.size(); ++p)
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (options.design == PairDesign::kSampled && !sampled[i].count(p)) continue;
      ScheduledPair pair{i, models[pairs[p].first], models[pairs[p].second], true, true};
      if (options.orders == OrderPolicy::kOneRandomOrder) {
        const bool a_first =
            derive_seed(options.seed, "order\n" + items[i].id + "\n" + pair.model_a + "\n" + pair.model_b) % 2;
        pair.a_first_played = a_first;
        pair.b_first_played = !a_first;
      }
      schedule.push_back(pair);
      // A conversation's later turns are judged by the same pair in the same orders.
      for (int turn = 2; turn <= turn_count(items[i]); ++turn) {
        pair.turn = turn;
        schedule.push_back(pair);
      }
    }
  return schedule;
}

std::vector<std::string> judge_models(const JudgeSpec& judge, const PairwiseOptions& options) {
  if (!options.panel.empty()) return options.panel;
  return {options.judge_model.empty() ? judge.model : options.judge_model};
}

std::string member_label(const std::string& judge_label, const std::string& judge_model,
                         std::size_t panel_size) {
  return panel_size > 1 ? judge_label + "/" + judge_model : judge_label;
}

Outcome outcome_for_first(Verdict verdict) {
  switch (verdict) {
    case Verdict::kFirst: return Outcome::kWin;
    case Verdict::kSecond: return Outcome::kLoss;
    case Verdict::kTie: return Outcome::kTie;
    case Verdict::kUnparsed: return Outcome::kUnparsed;
  }
  return Outcome::kUnparsed;
}

Outcome combine_orders(Outcome a_first, Outcome b_first) {
  if (a_first == Outcome::kUnparsed || b_first == Outcome::kUnparsed) return Outcome::kUnparsed;
  return a_first == b_first ? a_first : Outcome::kTie;
}

double game_margin(const JudgeGame& game) {
  if (game.score_a && game.score_b) return *game.score_a - *game.score_b;
  switch (game.outcome) {
    case Outcome::kWin: return game.weight;
    case Outcome::kLoss: return -game.weight;
    default: return 0.0;
  }
}

Outcome combine_games(const JudgeSpec& judge, const std::vector<JudgeGame>& games) {
  if (games.empty()) return Outcome::kUnparsed;
  for (const auto& game : games)
    if (game.outcome == Outcome::kUnparsed) return Outcome::kUnparsed;
  if (games.size() == 1) return games.front().outcome;
  if (judge.orders == OrderRule::kInconsistentIsTie)
    return combine_orders(games[0].outcome, games[1].outcome);
  double total = 0.0;
  for (const auto& game : games) total += game_margin(game);
  const double threshold =
      judge.kind == JudgeKind::kPairwiseScores ? judge.tie_margin * static_cast<double>(games.size()) : 0.0;
  return total > threshold ? Outcome::kWin : total < -threshold ? Outcome::kLoss : Outcome::kTie;
}

Outcome panel_majority(const std::vector<Outcome>& members) {
  std::map<Outcome, int> counts;
  for (const Outcome outcome : members)
    if (outcome != Outcome::kUnparsed) ++counts[outcome];
  if (counts.empty()) return Outcome::kUnparsed;
  int most = 0, holders = 0;
  Outcome winner = Outcome::kTie;
  for (const auto& [outcome, count] : counts) {
    if (count > most) {
      most = count;
      holders = 1;
      winner = outcome;
    } else if (count == most) {
      ++holders;
    }
  }
  return holders > 1 ? Outcome::kTie : winner;
}

Outcome panel_mean(const std::vector<double>& member_margins, double tie_margin) {
  if (member_margins.empty()) return Outcome::kUnparsed;
  double sum = 0.0;
  for (const double margin : member_margins) sum += margin;
  const double mean = sum / static_cast<double>(member_margins.size());
  return mean > tie_margin ? Outcome::kWin : mean < -tie_margin ? Outcome::kLoss : Outcome::kTie;
}

JudgeStage::JudgeStage(const std::vector<Item>& items, const JudgeSpec& judge, RunStore& store,
                       const StageProgress& progress, CallStream& stream)
    : items_(items), judge_(judge), store_(store), progress_(progress), stream_(stream) {}

JudgeStage::~JudgeStage() = default;

Result<std::unique_ptr<JudgeStage>> JudgeStage::open(const std::vector<Item>& items, const PairwiseOptions& options,
                                                     const JudgeSpec& judge, RunStore& store,
                                                     const StageProgress& progress, CallStream& stream) {
  if (!is_pairwise(judge.kind) && judge.kind != JudgeKind::kSingle)
    return input_error(judge.path + ": a judge of kind " + to_string(judge.kind) + " cannot compare models");
  if (judge.kind == JudgeKind::kSingle && options.repeats > 1)
    return input_error(judge.path + ": judge.repeats needs a pairwise judge; a single judge grades each answer once");
  std::unique_ptr<JudgeStage> stage(new JudgeStage(items, judge, store, progress, stream));
  stage->options_ = options;
  stage->options_.repeats = std::max(1, options.repeats);
  auto schedule = schedule_pairs(items, options);
  EVB_TRY(schedule);
  stage->schedule_ = std::move(schedule).value();
  stage->pairs_of_item_.resize(items.size());
  for (std::size_t p = 0; p < stage->schedule_.size(); ++p) stage->pairs_of_item_[stage->schedule_[p].item].push_back(p);
  stage->members_ = judge_models(judge, options);
  for (const auto& pair : stage->schedule_)
    if (std::all_of(stage->members_.begin(), stage->members_.end(),
                    [&](const std::string& member) { return left_out(options, member, pair.model_a, pair.model_b); }))
      return input_error("judge.exclude_own_family leaves no judge of " + pair.model_a + " vs " + pair.model_b +
                         ": every panel member is of one of their families");
  auto judged = stored_judgments(store);
  EVB_TRY(judged);
  stage->judged_ = std::move(judged).value();
  EVB_TRY(store.clear_failures(to_string(Stage::kJudge)));  // what is still missing is recorded afresh
  if (judge.kind == JudgeKind::kSingle) {
    auto grades = stored_grades(store, judge);
    EVB_TRY(grades);
    stage->grades_ = std::move(grades).value();
    for (std::size_t item = 0; item < items.size(); ++item) stage->total_ += stage->grades_needed(item).size();
  } else {
    stage->total_ = stage->members_.size() * stage->schedule_.size() * static_cast<std::size_t>(stage->options_.repeats);
  }
  return stage;
}

bool JudgeStage::is_judged(const std::string& member, const ScheduledPair& pair, int repeat) const {
  return judged_.count({member_label(judge_.label(), member, members_.size()), pair.model_a, pair.model_b,
                        items_[pair.item].id, pair.turn, repeat}) > 0;
}

std::set<GradeKey> JudgeStage::grades_needed(std::size_t item) const {
  std::set<GradeKey> needed;
  for (const auto& member : members_)
    for (const std::size_t p : pairs_of_item_[item])
      if (const ScheduledPair& pair = schedule_[p]; !is_judged(member, pair, 1))
        for (const auto* graded : {&pair.model_a, &pair.model_b})
          needed.insert({member, items_[item].id, *graded, pair.turn});
  return needed;
}

bool JudgeStage::offer_next_item() {
  if (store_error_ || next_item_ == items_.size()) return false;
  offer(next_item_++);
  return true;
}

void JudgeStage::offer(std::size_t item) {
  if (store_error_) return;
  if (judge_.kind == JudgeKind::kSingle) ask_grades(item);
  else ask_games(item);
  if (progress_) progress_(done_, total_, result_.failures.total(), result_.unread());
}

void JudgeStage::ask_games(std::size_t item_index) {
  const Item& item = items_[item_index];
  for (const auto& member : members_) {
    const std::string label = member_label(judge_.label(), member, members_.size());
    for (const std::size_t p : pairs_of_item_[item_index]) {
      const ScheduledPair& pair = schedule_[p];
      std::vector<int> missing;  // the repeats of this pair not yet judged
      for (int repeat = 1; repeat <= options_.repeats; ++repeat)
        if (!is_judged(member, pair, repeat)) missing.push_back(repeat);
      done_ += static_cast<std::size_t>(options_.repeats) - missing.size();
      if (missing.empty()) continue;
      auto answers_a = answers_up_to(store_, item, pair.model_a, pair.turn);
      if (!answers_a.ok()) {
        store_error_.keep(answers_a.error());
        return;
      }
      auto answers_b = answers_up_to(store_, item, pair.model_b, pair.turn);
      if (!answers_b.ok()) {
        store_error_.keep(answers_b.error());
        return;
      }
      if (!answers_a->has_value() || !answers_b->has_value()) {
        done_ += missing.size();
        continue;
      }
      for (const int repeat : missing) {
        const std::size_t unit_id = next_unit_++;
        Unit& unit = units_[unit_id];
        unit.judgment = Judgment{.item_id = item.id,
                                 .model_a = pair.model_a,
                                 .model_b = pair.model_b,
                                 .judge = label,
                                 .turn = pair.turn,
                                 .repeat = repeat};
        std::vector<CompletionRequest> requests;
        for (const bool a_first : {true, false}) {
          if (!(a_first ? pair.a_first_played : pair.b_first_played)) continue;
          const auto& first = a_first ? **answers_a : **answers_b;
          const auto& second = a_first ? **answers_b : **answers_a;
          requests.push_back(judge_request(judge_, member, pairwise_slots(item, pair.turn, first, second), pair.turn));
          if (const auto seed = repeat_seed(repeat)) requests.back().params.seed = seed;
          JudgeGame game;
          game.judge = judge_.label();
          game.judge_model = member;
          game.item_id = item.id;
          game.model_a = pair.model_a;
          game.model_b = pair.model_b;
          game.a_shown_first = a_first;
          game.turn = pair.turn;
          game.repeat = repeat;
          unit.games.push_back(std::move(game));
        }
        unit.open = unit.games.size();
        asked_any_ = true;
        for (std::size_t g = 0; g < requests.size(); ++g)
          ask_judge(stream_, std::move(requests[g]), judge_, [this, unit_id, g](int attempts, Result<Completion> completion) {
            game_ended(unit_id, g, attempts, std::move(completion));
          });
      }
    }
  }
}

void JudgeStage::game_ended(std::size_t unit_id, std::size_t game_index, int attempts, Result<Completion> completion) {
  Unit& unit = units_.at(unit_id);
  JudgeGame& game = unit.games[game_index];
  const std::string subject = turn_subject(game.item_id, game.turn) + ": " + game.model_a + " vs " + game.model_b +
                              ", " + (game.a_shown_first ? game.model_a : game.model_b) + " shown first" +
                              (game.repeat > 1 ? ", repeat " + std::to_string(game.repeat) : "");
  if (!completion.ok()) {
    unit.failed = true;
    store_error_.keep(record_call_failure(store_, result_, subject, game.judge_model, completion.error()));
  } else {
    const PairwiseReading reading =
        read_pairwise(judge_, completion->text, completion->logprobs ? &*completion->logprobs : nullptr);
    const Outcome for_first = outcome_for_first(reading.verdict);
    game.outcome = game.a_shown_first ? for_first : reversed(for_first);
    game.weight = reading.weight;
    game.score_a = game.a_shown_first ? reading.first_score : reading.second_score;
    game.score_b = game.a_shown_first ? reading.second_score : reading.first_score;
    if (reading.first_preference)
      game.preference = game.a_shown_first ? *reading.first_preference : 1.0 - *reading.first_preference;
    game.attempts = attempts;
    game.output = completion->text;
    if (game.outcome == Outcome::kUnparsed) {
      ++result_.unparsed[game.judge_model];
      unit.unparsed = true;
      store_error_.keep(store_.put_failure({to_string(Stage::kJudge), subject, game.judge_model,
                               "no verdict could be read after " + std::to_string(attempts) + " calls",
                               game.output}));
    }
    (game.a_shown_first ? unit.judgment.a_first : unit.judgment.b_first) = game.outcome;
  }
  if (--unit.open > 0) return;
  ++done_;
  // A failed call leaves the unit to the next run. An unread game is kept as evidence
  // (parse-failure rates) and makes an unparsed judgment, so the item is counted as
  // unparsed; the next run asks again, as its reply was never cached.
  if (!unit.failed) {
    RunStore::Transaction transaction(store_);
    for (const auto& played : unit.games) store_error_.keep(store_.put_game(played));
    unit.judgment.outcome = unit.unparsed ? Outcome::kUnparsed : combine_games(judge_, unit.games);
    store_error_.keep(store_.put_judgment(unit.judgment));
    store_error_.keep(transaction.commit());
  }
  units_.erase(unit_id);
  if (progress_) progress_(done_, total_, result_.failures.total(), result_.unread());
}

void JudgeStage::ask_grades(std::size_t item_index) {
  const Item& item = items_[item_index];
  for (const auto& [member, item_id, graded, turn] : grades_needed(item_index)) {
    if (const auto stored = grades_.find({member, item_id, graded, turn});
        stored != grades_.end() && stored->second.score_a) {
      ++done_;
      continue;
    }
    auto answers = answers_up_to(store_, item, graded, turn);
    if (!answers.ok()) {
      store_error_.keep(answers.error());
      return;
    }
    if (!answers->has_value()) {
      ++done_;
      continue;
    }
    JudgeGame game;
    game.judge = judge_.label();
    game.judge_model = member;
    game.item_id = item_id;
    game.model_a = graded;
    game.turn = turn;
    asked_any_ = true;
    ask_judge(stream_, judge_request(judge_, member, single_slots(item, turn, **answers), turn), judge_,
              [this, game = std::move(game)](int attempts, Result<Completion> completion) mutable {
                ++done_;
                const std::string subject = turn_subject(game.item_id, game.turn) + ": " + game.model_a;
                if (!completion.ok()) {
                  store_error_.keep(record_call_failure(store_, result_, subject, game.judge_model, completion.error()));
                } else {
                  game.score_a = read_single_score(judge_, completion->text);
                  game.attempts = attempts;
                  game.output = completion->text;
                  store_error_.keep(store_.put_game(game));  // an unread grade is kept as evidence, never as a grade
                  if (!game.score_a) {
                    ++result_.unparsed[game.judge_model];
                    store_error_.keep(store_.put_failure({to_string(Stage::kJudge), subject, game.judge_model,
                                             "no rating could be read after " + std::to_string(attempts) + " calls",
                                             game.output}));
                  }
                  grades_[{game.judge_model, game.item_id, game.model_a, game.turn}] = std::move(game);
                }
                if (progress_) progress_(done_, total_, result_.failures.total(), result_.unread());
              });
  }
}

Status JudgeStage::store_single_judgments() {
  RunStore::Transaction transaction(store_);
  for (const auto& member : members_) {
    const std::string label = member_label(judge_.label(), member, members_.size());
    for (const auto& pair : schedule_) {
      if (is_judged(member, pair, 1)) continue;
      const std::string& item_id = items_[pair.item].id;
      const auto a = grades_.find({member, item_id, pair.model_a, pair.turn});
      const auto b = grades_.find({member, item_id, pair.model_b, pair.turn});
      if (a == grades_.end() || b == grades_.end()) continue;  // a call failed: asked again
      const Outcome outcome = a->second.score_a && b->second.score_a
                                  ? compare_scores(*a->second.score_a, *b->second.score_a, judge_.tie_margin)
                                  : Outcome::kUnparsed;
      EVB_TRY(store_.put_judgment({item_id, pair.model_a, pair.model_b, label, outcome, outcome, outcome, pair.turn}));
    }
  }
  return transaction.commit();
}

Result<JudgeStageResult> JudgeStage::finish() {
  if (store_error_) return store_error_.error();
  if (progress_ && !asked_any_) progress_(done_, total_, result_.failures.total(), result_.unread());
  if (judge_.kind == JudgeKind::kSingle) EVB_TRY(store_single_judgments());
  if (members_.size() > 1) EVB_TRY(combine_panel(items_, schedule_, members_, options_, judge_, store_));
  return result_;
}


Result<JudgeStageResult> judge_pairs(const std::vector<Item>& items, const PairwiseOptions& options,
                                     const JudgeSpec& judge, ChatModel& model, RunStore& store,
                                     const StageProgress& progress) {
  CallStream stream;
  auto stage = JudgeStage::open(items, options, judge, store, progress, stream);
  EVB_TRY(stage);
  stream.run(model, [&] { return (*stage)->offer_next_item(); });
  return (*stage)->finish();
}

}  // namespace evolbench
