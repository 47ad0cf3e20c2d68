#include "sim/sim.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>
#include <random>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "core/text.h"

namespace evolbench {

namespace {

// How the sim reads requests; raised when a reply to the same request changes.
constexpr int kSimReads = 2;

constexpr std::string_view kQualityTag = "latent quality ";
constexpr std::string_view kAnswerHeader = "(simulated answer from the evolbench sim backend; ";
constexpr std::string_view kMarkdownTag = "; markdown)";  // ends the tag of a formatted answer
constexpr std::string_view kFamilyTag = "; family ";       // before it, in a model with a family

// Filler for simulated answers: enough variety that lengths and texts differ.
constexpr std::array<std::string_view, 48> kFiller = {
    "the", "approach", "first", "consider", "a", "careful", "example", "shows", "that",
    "each", "step", "depends", "on", "the", "previous", "result", "so", "we", "check",
    "it", "against", "known", "cases", "before", "moving", "on", "in", "practice", "this",
    "means", "measuring", "twice", "and", "writing", "down", "every", "assumption", "which",
    "keeps", "the", "argument", "honest", "while", "the", "final", "answer", "follows",
    "directly"};

struct EvolOperation {
  std::string_view name;            // as templates/evol/ names it and a request's purpose says
  std::string_view prompt_keyword;  // over HTTP the sim recognises the operation by this phrase
  std::array<std::string_view, 4> additions;
};

// In-breadth comes first, then complicate-input: their templates may mention the
// other operations' words.
constexpr std::array<EvolOperation, 6> kOperations = {{
    {"breadth", "brand-new instruction",
     {"Describe how a beekeeper should plan hive inspections through an unusually wet spring.",
      "Explain how a small museum could decide which fragile textiles to digitise first.",
      "Outline how a ferry operator might schedule crossings around strong tidal currents.",
      "Compare two ways a village library could lend seeds to local gardeners."}},
    {"complicate-input", "input data",
     {"Use this data: {\"visits\": [12, 45, 380], \"weeks\": 3}.",
      "Base the answer on this table: | item | count |\n| a | 12 |\n| b | 45 |",
      "Work from this snippet: def f(x): return x * 45 + 12",
      "Use this query result: SELECT name, total FROM sales -> (north, 380), (south, 45)."}},
    {"add-constraints", "constraint",
     {"Keep the answer under 200 words.", "Cite at least two concrete examples.",
      "Do not use bullet points anywhere in the answer.",
      "Finish with a two-row table that summarises the key trade-off."}},
    {"deepen", "deeper",
     {"Also explain the mechanism underneath and where it stops working.",
      "Discuss the trade-offs involved and when each option is the wrong choice.",
      "Go beyond the basics and address the most common misconception about it.",
      "Explain how an expert would check that the result is correct."}},
    {"concretize", "more specific",
     {"Use a small online bookshop with three employees as the running example.",
      "Assume the reader is a second-year engineering student.",
      "Set the question in a hospital pharmacy that fills 500 prescriptions a day.",
      "Work with the concrete numbers 12, 45 and 380 where numbers are needed."}},
    {"increase-reasoning", "reasoning steps",
     {"Work through it step by step, justifying each step before the next.",
      "First state the general principle, then derive the specific case from it.",
      "Split the problem into at least three sub-problems and solve them in order.",
      "Check the final result by a second, independent method."}},
}};

std::string format_signed(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%+.3f", value);
  return buffer;
}

// Text between <instruction> and </instruction>, or the whole text when absent.
std::string_view fenced_instruction(std::string_view prompt) {
  constexpr std::string_view kOpen = "<instruction>", kClose = "</instruction>";
  const auto open = prompt.find(kOpen);
  if (open == std::string_view::npos) return trim(prompt);
  const auto start = open + kOpen.size();
  const auto close = prompt.find(kClose, start);
  return trim(prompt.substr(start, close == std::string_view::npos ? close : close - start));
}

struct AnswerTag {
  double quality;
  double words;
  bool markdown;  // formatted with a header, list items and bold
  std::string family;  // "" when the answering model has none
};

// Every simulated answer tag in `prompt`, in order of appearance.
std::vector<AnswerTag> find_answer_tags(std::string_view prompt) {
  std::vector<AnswerTag> tags;
  for (auto at = prompt.find(kAnswerHeader); at != std::string_view::npos;
       at = prompt.find(kAnswerHeader, at + 1)) {
    const auto quality_at = prompt.find(kQualityTag, at);
    if (quality_at == std::string_view::npos) break;
    AnswerTag tag{};
    const std::string rest(prompt.substr(quality_at + kQualityTag.size(), 120));
    if (std::sscanf(rest.c_str(), "%lf; %lf words", &tag.quality, &tag.words) == 2) {
      const std::string_view tag_end = std::string_view(rest).substr(0, rest.find(')') + 1);
      tag.markdown = tag_end.ends_with(kMarkdownTag);
      if (const auto family_at = tag_end.find(kFamilyTag); family_at != std::string_view::npos) {
        const std::string_view family = tag_end.substr(family_at + kFamilyTag.size());
        tag.family = std::string(family.substr(0, family.find_first_of(";)")));
      }
      tags.push_back(tag);
    }
  }
  return tags;
}

// Verdict-like text as judges write it and answers may plant it.
const std::regex kPlanted(R"(\[\[[^\]\n"]{1,8}\]\]|(Final verdict|Rating|Scores):[^\n"]*)");

// The answers shown between <<<ANSWER...>>> and <<<END OF ANSWER...>>> markers, in order.
std::vector<std::string_view> fenced_answer_texts(std::string_view prompt) {
  std::vector<std::string_view> answers;
  for (auto at = prompt.find("<<<ANSWER"); at != std::string_view::npos; at = prompt.find("<<<ANSWER", at + 1)) {
    const auto open_end = prompt.find(">>>", at);
    const auto end = open_end == std::string_view::npos ? open_end : prompt.find("<<<END OF ANSWER", open_end);
    if (end == std::string_view::npos) break;
    answers.push_back(prompt.substr(open_end + 3, end - open_end - 3));
  }
  return answers;
}

// An answer's text as a judge's draw sees it: without verdict-like text and whitespace,
// so the same answers with and without planted verdicts get the same draw.
std::string without_planted_verdicts(std::string_view answer) {
  std::string out;
  for (const char c : std::regex_replace(std::string(answer), kPlanted, ""))
    if (!std::isspace(static_cast<unsigned char>(c))) out += c;
  return out;
}

// The first verdict-like line planted in an answer (a [[...]] token, "Final verdict:",
// "Rating:" or "Scores:" and what follows on its line), with the answer's letter.
std::optional<std::pair<char, std::string>> planted_verdict(std::string_view prompt) {
  char letter = 'A';
  for (auto at = prompt.find(kAnswerHeader); at != std::string_view::npos; ++letter) {
    const auto next = prompt.find(kAnswerHeader, at + 1);
    const auto fence = prompt.find("<<<", at);
    const auto end = std::min(next, fence);
    const std::string answer(prompt.substr(at, end == std::string_view::npos ? end : end - at));
    std::smatch match;
    if (std::regex_search(answer, match, kPlanted)) return std::pair{letter, std::string(trim(match.str()))};
    at = next;
  }
  return std::nullopt;
}

// `prompt` without the text between each <<<ANSWER...>>> marker and its <<<END OF
// ANSWER...>>> marker.
std::string without_fenced_answers(std::string_view prompt) {
  std::string out;
  std::size_t copied = 0;
  for (auto at = prompt.find("<<<ANSWER"); at != std::string_view::npos; at = prompt.find("<<<ANSWER", copied)) {
    const auto end = prompt.find("<<<END OF ANSWER", at);
    if (end == std::string_view::npos) break;
    out.append(prompt.substr(copied, at - copied));
    copied = end;
  }
  out.append(prompt.substr(copied));
  return out;
}

// Text between <name> and </name>, or nothing when absent.
std::string_view fenced(std::string_view prompt, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">", close = "</" + std::string(name) + ">";
  const auto at = prompt.find(open);
  if (at == std::string_view::npos) return {};
  const auto start = at + open.size();
  const auto end = prompt.find(close, start);
  return trim(prompt.substr(start, end == std::string_view::npos ? end : end - start));
}

// Lower-cased words of `text` with punctuation removed.
std::vector<std::string> plain_words(std::string_view text) {
  std::vector<std::string> words(1);
  for (const char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) words.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!words.back().empty()) words.emplace_back();
  }
  if (words.back().empty()) words.pop_back();
  return words;
}

int clamp_score(double value) { return std::clamp(static_cast<int>(std::lround(value)), 1, 10); }

std::string last_user_message(const CompletionRequest& request) {
  for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it)
    if (it->role == "user") return it->content;
  return {};
}

std::int64_t approximate_tokens(std::string_view text) {
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(count_words(text)) * 4.0 / 3.0));
}

}  // namespace

int sim_true_difficulty(std::string_view instruction) {
  const double words = static_cast<double>(count_words(instruction));
  const double base = 1.0 + 9.0 * (1.0 - std::exp(-words / 22.0));
  // A stable per-text jitter so equal lengths do not mean equal difficulty.
  const double jitter = static_cast<double>(derive_seed(0, instruction) % 7) / 2.0 - 1.5;
  return std::clamp(static_cast<int>(std::lround(base + jitter)), 1, 10);
}

bool sim_answers_as(const SimWorld& world, std::string_view model) {
  for (const char* name : {kSimJudge, kSimGrader, kSimEvolver, kSimTeacher})
    if (model == name) return true;
  const auto named = [&](const auto& role) { return role.name == model; };
  return std::any_of(world.answer_models.begin(), world.answer_models.end(), named) ||
         std::any_of(world.judges.begin(), world.judges.end(), named);
}

double sim_expected_quality(const SimAnswerModel& model, double difficulty) {
  return model.quality + model.difficulty_slope * (difficulty - 5.5) / 4.5;
}

namespace {

nlohmann::json judge_json(const SimJudge& judge) {
  nlohmann::json json = {{"position_bias", judge.position_bias}, {"length_bias", judge.length_bias},
                         {"noise", judge.noise},                 {"tie_strength", judge.tie_strength},
                         {"unparsable_rate", judge.unparsable_rate}, {"echo_planted_rate", judge.echo_planted_rate}};
  // Only where set, so worlds without style keep their cached calls.
  if (judge.style_bias != 0.0) json["style_bias"] = judge.style_bias;
  if (judge.flip_rate != 0.0) json["flip_rate"] = judge.flip_rate;
  if (judge.self_bias != 0.0) json["self_bias"] = {{"family", judge.family}, {"logits", judge.self_bias}};
  return json;
}

// Every parameter of the world as canonical JSON (keys sorted), with the version of how
// the sim reads requests: a world that answers differently never reuses cached calls.
std::string canonical_world(const SimWorld& world) {
  nlohmann::json models = nlohmann::json::array(), judges = nlohmann::json::array();
  for (const auto& m : world.answer_models) {
    models.push_back({{"name", m.name}, {"quality", m.quality}, {"difficulty_slope", m.difficulty_slope},
                      {"verbosity", m.verbosity}});
    // Only where set, so worlds without conversations keep their cached calls.
    if (m.later_turn_quality != 0.0) models.back()["later_turn_quality"] = m.later_turn_quality;
    if (m.markdown != 0.0) models.back()["markdown"] = m.markdown;
    if (!m.family.empty()) models.back()["family"] = m.family;
  }
  for (const auto& named : world.judges) judges.push_back({{"name", named.name}, {"judge", judge_json(named.judge)}});
  const nlohmann::json canonical = {{"reads", kSimReads},
                                    {"seed", world.seed},
                                    {"judge", judge_json(world.judge)},
                                    {"judges", judges},
                                    {"answer_models", models},
                                    {"evolver_failure_rate", world.evolver_failure_rate},
                                    {"teacher_refusal_rate", world.teacher_refusal_rate}};
  return canonical.dump();
}

}  // namespace

SimBackend::SimBackend(SimWorld world)
    : world_(std::move(world)), endpoint_kind_("sim:" + short_hash(canonical_world(world_))) {}

void SimBackend::complete_batch(std::span<const CompletionRequest> requests,
                                const CompletionCallback& done) {
  for (std::size_t i = 0; i < requests.size(); ++i) done(i, complete_one(requests[i]));
}

const SimJudge* SimBackend::judge_named(const std::string& model) const {
  if (model == kSimJudge) return &world_.judge;
  for (const auto& named : world_.judges)
    if (named.name == model) return &named.judge;
  return nullptr;
}

namespace {

// One request's draws: every role draws from one generator seeded by the world and
// the request, so the same request gets the same reply.
struct Draws {
  explicit Draws(std::uint64_t seed) : random(seed) {}
  std::mt19937_64 random;
  std::normal_distribution<double> normal{0.0, 1.0};
  std::uniform_real_distribution<double> uniform{0.0, 1.0};
};

struct Reply {
  std::string text;
  std::optional<std::vector<TokenLogprob>> logprobs;
  bool refusal = false;  // the teacher's refusal: counted as a short reply
};

// What one request asks a simulated judge, grader or evolver: all its reply depends on.
struct Asked {
  std::string format;        // a judge file's kind ("pairwise", "single", ...), else ""
  std::string operation;     // the evolver: the operation's name
  std::string instruction;   // the instruction asked about
  std::string evolved;       // equality: the rewritten instruction
  std::vector<AnswerTag> tags;  // the answers shown, the first shown first
  std::vector<std::string> answers;  // their texts as the draw sees them (without_planted_verdicts)

  // What the request's draw depends on: what was read, never the prompt's other words,
  // so a reworded prompt read alike draws alike, and a request read from its purpose
  // draws as the same request read from its prompt over HTTP.
  std::string draw_text() const {
    std::string text = operation + "\n" + instruction + "\n" + evolved;
    for (const auto& answer : answers) text += "\n" + answer;
    return text;
  }
};

// An answer as the judge sees it: its tag or, untagged (not written by the sim), quality
// 0 of its own length.
AnswerTag answer_seen(std::string_view answer) {
  const auto tags = find_answer_tags(answer);
  return tags.empty() ? AnswerTag{0.0, static_cast<double>(count_words(answer)), false, ""} : tags.front();
}

// From the caller's purpose: the task and the raw slot values, never the prompt's wording.
Asked asked_by_purpose(const RequestPurpose& purpose) {
  Asked asked;
  asked.format = purpose.task;
  if (purpose.task.rfind("evolve:", 0) == 0) {
    asked.format.clear();
    asked.operation = purpose.task.substr(7, purpose.task.find('/', 7) - 7);
  }
  for (const auto& [name, value] : purpose.slots) {
    if (name == "instruction") asked.instruction = trim(value);
    else if (name == "evolved") asked.evolved = trim(value);
    else if (name == "answer_a" || name == "answer_b" || name == "answer") {
      asked.tags.push_back(answer_seen(value));
      asked.answers.push_back(without_planted_verdicts(value));
    }
  }
  return asked;
}

// From the prompt, as a real model reads it: the sim-server's case, where no purpose
// travels with the request. The format is read outside the fenced answers.
Asked asked_by_prompt(const std::string& prompt, bool judge, bool evolver) {
  Asked asked;
  asked.instruction = fenced_instruction(prompt);
  asked.evolved = fenced(prompt, "evolved");
  if (judge) {
    const auto fenced_texts = fenced_answer_texts(prompt);
    if (fenced_texts.empty()) {
      asked.tags = find_answer_tags(prompt);
    } else {
      for (const auto answer : fenced_texts) asked.tags.push_back(answer_seen(answer));
    }
    // Without fences the answers cannot be told from the rest: the whole prompt is drawn on.
    if (fenced_texts.empty()) asked.answers.push_back(without_planted_verdicts(prompt));
    for (const auto answer : fenced_texts) asked.answers.push_back(without_planted_verdicts(answer));
    const std::string asks = without_fenced_answers(prompt);
    asked.format = prompt.find("<evolved>") != std::string::npos                         ? "equality"
                   : asks.find("Rating: [[") != std::string::npos && asked.tags.size() == 1 ? "single"
                   : asks.find("Scores: A=") != std::string::npos                       ? "pairwise-scores"
                   : asks.find("[[A>>B]]") != std::string::npos                         ? "pairwise-graded"
                                                                                       : "pairwise";
    if (asked.format == "equality") {
      asked.tags.clear();
      asked.answers.clear();
    }
  } else if (evolver) {
    const std::string lower_prompt = ascii_lower(prompt);
    for (const auto& candidate : kOperations)
      if (lower_prompt.find(candidate.prompt_keyword) != std::string::npos) {
        asked.operation = candidate.name;
        break;
      }
  }
  return asked;
}

// A simulated judge: draws a verdict on the answers' tags (or one, for a single grade)
// in the format asked for. `unseeded` draws from what was read alone, without the
// sampling seed: a judge with a flip rate draws its pairwise verdict there.
Reply judge_reply(const SimJudge& j, const Asked& asked, const std::string& prompt,
                  const CompletionRequest& request, std::uint64_t world_seed, const std::string& draw_label,
                  Draws& draws, Draws& unseeded) {
  auto& random = draws.random;
  auto& normal = draws.normal;
  auto& uniform = draws.uniform;
  const auto& tags = asked.tags;
  std::string text;
  std::optional<std::vector<TokenLogprob>> logprobs;
  const bool graded = asked.format == "pairwise-graded";
  const auto own_family = [&](const AnswerTag& tag) { return !j.family.empty() && tag.family == j.family; };
  if (asked.format == "equality") {
    const auto original = plain_words(asked.instruction);
    std::size_t added = 0;
    for (const auto& word : plain_words(asked.evolved))
      added += std::find(original.begin(), original.end(), word) == original.end();
    text = "(simulated judge) Comparing what each instruction asks for.\nVerdict: ";
    text += added <= 2 ? "Equal" : "Not Equal";
  } else if (asked.format == "single" && tags.size() == 1) {
    const int score = clamp_score(6.0 + 1.5 * (tags[0].quality + j.noise * normal(random)) +
                                  j.length_bias * std::tanh(tags[0].words / 300.0));
    text = "(simulated judge) The answer is relevant and mostly accurate.\nRating: [[" +
           std::to_string(score) + "]]";
  } else if (tags.size() < 2) {
    text = "(simulated judge) I could not find two answers to compare.";
  } else if (asked.format == "pairwise-scores") {
    const double length = j.length_bias / 2 * std::tanh((tags[0].words - tags[1].words) / 100.0);
    const int first = clamp_score(6.0 + 1.5 * (tags[0].quality + j.position_bias / 2 + length +
                                               j.noise * normal(random)));
    const int second = clamp_score(6.0 + 1.5 * (tags[1].quality - j.position_bias / 2 - length +
                                                j.noise * normal(random)));
    text = "(simulated judge) Scoring each answer for accuracy, depth and clarity.\nScores: A=" +
           std::to_string(first) + " B=" + std::to_string(second);
  } else {
    Draws& verdict_draws = j.flip_rate > 0 ? unseeded : draws;
    const double difference = tags[0].quality - tags[1].quality + j.position_bias +
                              j.length_bias * std::tanh((tags[0].words - tags[1].words) / 100.0) +
                              j.style_bias * (double(tags[0].markdown) - double(tags[1].markdown)) +
                              j.self_bias * (double(own_family(tags[0])) - double(own_family(tags[1]))) +
                              j.noise * verdict_draws.normal(verdict_draws.random);
    const double a = std::exp(difference / 2), b = std::exp(-difference / 2);
    const double total = a + b + j.tie_strength;
    const double draw = verdict_draws.uniform(verdict_draws.random) * total;
    char winner = draw < a ? 'A' : draw < a + b ? 'B' : 'C';
    // Drawn apart, seeded with the seed: a request without one has the verdict's own
    // draw label, and the flip must not follow the verdict's draws.
    std::mt19937_64 flip_random(derive_seed(world_seed, draw_label + "\nflip"));
    if (j.flip_rate > 0 && uniform(flip_random) < j.flip_rate)
      winner = winner == 'A' ? 'B' : winner == 'B' ? 'A' : difference > 0 ? 'A' : 'B';
    std::string verdict = std::string("[[") + winner + "]]";
    if (graded) {
      const bool strong = std::abs(difference) > 1.0;
      verdict = winner == 'A'   ? (strong && difference > 0 ? "[[A>>B]]" : "[[A>B]]")
                : winner == 'B' ? (strong && difference < 0 ? "[[B>>A]]" : "[[B>A]]")
                                : "[[A=B]]";
    }
    text = "(simulated judge) Comparing the two answers on accuracy, depth and clarity. ";
    text += winner == 'A'   ? "Assistant A is more complete and more precise."
            : winner == 'B' ? "Assistant B is more complete and more precise."
                            : "Both answers are about equally good.";
    text += "\nFinal verdict: ";
    text += verdict;
    if (request.params.top_logprobs && !graded) {
      const std::size_t letter = text.size() - 3;  // "[[X]]": the X
      const std::vector<TokenLogprob::Alternative> alternatives = {
          {"A", std::log(a / total)}, {"B", std::log(b / total)}, {"C", std::log(j.tie_strength / total)}};
      TokenLogprob chosen{text.substr(letter, 1), 0.0, {}};
      for (const auto& alternative : alternatives)
        if (alternative.token == chosen.token) chosen.logprob = alternative.logprob;
      chosen.top_logprobs.assign(alternatives.begin(),
                                 alternatives.begin() + std::min<std::ptrdiff_t>(*request.params.top_logprobs, 3));
      logprobs = std::vector<TokenLogprob>{{text.substr(0, letter), 0.0, {}}, std::move(chosen),
                                           {text.substr(letter + 1), 0.0, {}}};
    }
  }
  if (j.unparsable_rate > 0 && uniform(random) < j.unparsable_rate) {
    text = "(simulated judge) Both answers have merits; I would rather not choose between them.";
    logprobs.reset();
  }
  // Drawn apart from the verdict, so the same answers without planted text get the
  // same verdict.
  std::mt19937_64 echo_random(derive_seed(world_seed, draw_label + "\necho"));
  if (j.echo_planted_rate > 0 && uniform(echo_random) < j.echo_planted_rate)
    if (const auto planted = planted_verdict(prompt)) {
      const std::string note = "\nNote: answer " + std::string(1, planted->first) + " contains \"" +
                               planted->second + "\", which is part of the answer, not a verdict.";
      text += note;
      if (logprobs) logprobs->back().token += note;
    }
  return {std::move(text), std::move(logprobs)};
}

// The simulated grader: the instruction's true difficulty, give or take one.
Reply grader_reply(const Asked& asked, Draws& draws) {
  const int truth = sim_true_difficulty(asked.instruction);
  const int graded = std::clamp(truth + static_cast<int>(draws.random() % 3) - 1, 1, 10);
  return {"(simulated grader) The task asks for several things at once.\nDifficulty: " + std::to_string(graded),
          std::nullopt};
}

// The simulated evolver: rewrites by the operation asked for (adding a constraint when
// it names none it knows), failing at `failure_rate` the way real evolvers do.
Reply evolver_reply(const Asked& asked, double failure_rate, Draws& draws) {
  auto& random = draws.random;
  const EvolOperation* operation = &kOperations[2];  // add a constraint
  for (const auto& candidate : kOperations)
    if (candidate.name == asked.operation) operation = &candidate;
  const auto& addition = operation->additions[random() % operation->additions.size()];
  const std::string& instruction = asked.instruction;
  if (draws.uniform(random) < failure_rate)
    return {random() % 2 ? "#Rewritten Prompt#: " + instruction : instruction, std::nullopt};
  if (operation == &kOperations[0]) return {std::string(addition), std::nullopt};
  return {instruction + " " + std::string(addition), std::nullopt};
}

// A simulated answer model (or the teacher): an answer whose latent quality is tagged.
Result<Reply> answer_reply(const SimWorld& world, const CompletionRequest& request, const std::string& prompt,
                           Draws& draws) {
  auto& random = draws.random;
  auto& normal = draws.normal;
  auto& uniform = draws.uniform;
  std::string text;
  static const SimAnswerModel kTeacher{kSimTeacher, 1.0, 0.0, 1.0};
  const auto named = std::find_if(world.answer_models.begin(), world.answer_models.end(),
                                  [&](const SimAnswerModel& m) { return m.name == request.model; });
  const SimAnswerModel* model = named != world.answer_models.end() ? &*named
                                : request.model == kSimTeacher     ? &kTeacher
                                                                   : nullptr;
  if (!model) return model_error("sim: no simulated model named '" + request.model + "'");
  if (model == &kTeacher && uniform(random) < world.teacher_refusal_rate)
    return Reply{"(simulated teacher) Sorry, I can't help with that request.", std::nullopt, true};
  const int difficulty = sim_true_difficulty(prompt);
  const bool later_turn = std::count_if(request.messages.begin(), request.messages.end(),
                                        [](const Message& message) { return message.role == "user"; }) > 1;
  const double quality = sim_expected_quality(*model, difficulty) + (later_turn ? model->later_turn_quality : 0.0) +
                         0.5 * normal(random);
  const double mean_words = model->verbosity * (30.0 + 12.0 * difficulty);
  const auto words = static_cast<std::size_t>(
      std::max(5.0, mean_words * std::exp(0.3 * normal(random))));
  // Drawn only for models that format, so the others' answers stay as they were.
  const bool formatted = model->markdown > 0.0 && uniform(random) < model->markdown;
  text = std::string(kAnswerHeader) + std::string(kQualityTag) + format_signed(quality) + "; " +
         std::to_string(words) + " words" + (model->family.empty() ? "" : std::string(kFamilyTag) + model->family) +
         std::string(formatted ? kMarkdownTag : ")") + "\n";
  // A formatted answer: a header, then the same words as list items of 12 words, each
  // opening with a bold word.
  if (formatted) text += "## Simulated answer\n";
  for (std::size_t w = 0; w < words; ++w) {
    const bool item_start = formatted && w % 12 == 0;
    if (item_start) text += "- **";
    text += kFiller[random() % kFiller.size()];
    if (item_start) text += "**";
    text += (w + 1) % 12 == 0 ? ".\n" : " ";
  }
  return Reply{std::move(text), std::nullopt};
}

}  // namespace

Result<Completion> SimBackend::complete_one(const CompletionRequest& request) const {
  const auto started = std::chrono::steady_clock::now();
  const std::string prompt = last_user_message(request);
  if (prompt.empty()) return model_error(request.model + ": request has no user message");
  const SimJudge* judge = judge_named(request.model);
  const bool reads = judge || request.model == kSimGrader || request.model == kSimEvolver;
  const Asked asked = request.purpose ? asked_by_purpose(*request.purpose)
                                      : asked_by_prompt(prompt, judge != nullptr, request.model == kSimEvolver);
  // An answer model answers the whole message; the other roles what they read in it.
  const std::string read_label = request.model + "\n" + (reads ? asked.draw_text() : prompt);
  std::string draw_label = read_label;
  if (request.params.seed) draw_label += "\nseed " + std::to_string(*request.params.seed);
  Draws draws(derive_seed(world_.seed, draw_label));
  Draws unseeded(derive_seed(world_.seed, read_label));
  auto reply = judge ? Result<Reply>(judge_reply(*judge, asked, prompt, request, world_.seed, draw_label, draws, unseeded))
               : request.model == kSimGrader  ? Result<Reply>(grader_reply(asked, draws))
               : request.model == kSimEvolver ? Result<Reply>(evolver_reply(asked, world_.evolver_failure_rate, draws))
                                              : answer_reply(world_, request, prompt, draws);
  EVB_TRY(reply);
  if (reply->refusal) return Completion{std::move(reply->text), 0, 12, 0.0};
  std::string text = std::move(reply->text);
  std::optional<std::vector<TokenLogprob>> logprobs = std::move(reply->logprobs);

  Completion completion;
  completion.text = std::move(text);
  if (request.params.top_logprobs && !logprobs)
    logprobs = std::vector<TokenLogprob>{{completion.text, 0.0, {{completion.text, 0.0}}}};
  completion.logprobs = std::move(logprobs);
  std::size_t prompt_words = 0;
  for (const auto& message : request.messages) prompt_words += count_words(message.content);
  completion.prompt_tokens =
      static_cast<std::int64_t>(std::ceil(static_cast<double>(prompt_words) * 4.0 / 3.0));
  completion.completion_tokens = approximate_tokens(completion.text);
  completion.latency_ms = std::chrono::duration<double, std::milli>(
                              std::chrono::steady_clock::now() - started).count();
  return completion;
}

}  // namespace evolbench
