// The simulated backend: deterministic stand-ins for answer models, a pairwise judge,
// a difficulty grader and an evolver, so the whole flow runs with no network and,
// because the latent truth is known, tests can check what the harness recovers.
// Every text it writes says it is simulated.
//
// A judge, grader or evolver reads what it is asked from the request's purpose
// (llm/chat_model.h) when its caller gave one, as evolbench's judges and evolution do
// in-process: the judge file's kind picks the format, the slots give the instruction,
// the rewritten instruction and the answers. Without a purpose (behind the sim-server,
// over HTTP) it reads them from the prompt as a real model would, as described below.
// Either way its draw depends on the model, the sampling seed and what it read (the
// evolution operation, the instruction, the rewritten instruction, the answers without
// verdict-like text and whitespace), never on the prompt's other words: rewording a
// shipped prompt changes no in-process reply, and a shipped prompt read over HTTP gets
// the reply its purpose gets. (A prompt over HTTP without <<<ANSWER>>> fences is drawn
// on whole.)
//  - an answer model answers the last user message; its answer's latent quality is
//    quality + difficulty_slope * (d - 5.5) / 4.5 + noise, d the instruction's true
//    difficulty (sim_true_difficulty), plus later_turn_quality when the request holds
//    earlier user turns, and the answer carries that quality in a tag; a share
//    `markdown` of its answers are formatted (a header, list items, bold), which the
//    tag says too;
//  - the judge ("sim-judge") finds the two answers' tags in its prompt in order (first
//    = Assistant A; where the prompt fences answers, only the fenced ones, so the
//    earlier turns a conversation's judge prompt shows are context, not answers), draws an outcome from a Davidson (Bradley-Terry with ties) law on
//    the quality difference plus position bias, length bias, style bias (for a
//    formatted answer against a plain one), self bias (for an answer of the judge's own
//    family, which a model's tag names when the model has one, against another) and
//    noise, and writes a
//    rationale ending in [[A]], [[B]] or [[C]];
//  - other simulated judges (SimWorld::judges) behave the same way with their own
//    biases; every simulated judge answers the format its prompt asks for: a prompt
//    showing "[[A>>B]]" gets a five-level verdict ("A>>B" when the drawn winner leads
//    by more than one logit), one showing "Scores: A=" gets "Scores: A=n B=n" (1..10,
//    6 + 1.5 x the answer's quality, position, length and noise terms), one showing
//    "Rating: [[" with one answer gets "Rating: [[n]]", and one holding
//    <instruction>...</instruction> and <evolved>...</evolved> gets "Verdict: Equal"
//    when the evolved text adds at most two words the original lacks, else
//    "Verdict: Not Equal"; a share unparsable_rate of outputs carry no verdict at all;
//    a request's sampling seed, when set, changes the draw (with flip_rate, only whether
//    the verdict flips). An answer without a tag
//    (not written by the sim) between <<<ANSWER X>>> markers counts as quality 0.
//    The format asked for is read outside the fenced answers, and the draw ignores
//    verdict-like text ([[...]] tokens and "Final verdict:", "Rating:" or "Scores:"
//    to the end of their line), so text planted in an answer never changes the
//    verdict; but a judge with echo_planted_rate quotes, after its
//    own verdict, a verdict-like line it found in an answer (as real judges do when
//    they explain what they disregarded), which a careless reader would take for the
//    verdict. Asked for log-probabilities (params.top_logprobs), a pairwise verdict's
//    letter token carries the Davidson probabilities of A, B and C as alternatives;
//    every other output is one token;
//  - the grader ("sim-grader") reads the text inside <instruction>...</instruction>
//    and answers "Difficulty: N", the true difficulty give or take one;
//  - the evolver ("sim-evolver") rewrites the instruction inside <instruction>...
//    </instruction> by the operation its prompt names, and sometimes fails the way
//    real evolvers do (copies the template's marker, returns the input unchanged).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "llm/chat_model.h"

namespace evolbench {

inline constexpr const char* kSimJudge = "sim-judge";
inline constexpr const char* kSimGrader = "sim-grader";
inline constexpr const char* kSimEvolver = "sim-evolver";
// Answers evolved instructions; refuses ("Sorry, ...") at SimWorld::teacher_refusal_rate.
inline constexpr const char* kSimTeacher = "sim-teacher";

struct SimAnswerModel {
  std::string name;
  double quality = 0.0;           // latent quality (logits) at difficulty 5.5
  double difficulty_slope = 0.0;  // change of quality from difficulty 5.5 to 10
  double verbosity = 1.0;         // answer length multiplier
  double later_turn_quality = 0.0;  // added to quality on a conversation's turns after the first
  double markdown = 0.0;  // share of answers formatted with a header, list items and bold
  std::string family;     // named in its answers' tags when set, for judges' self_bias
};

struct SimJudge {
  double position_bias = 0.2;  // logits added to the answer shown first
  double length_bias = 0.3;    // logits times tanh(word difference / 100)
  double noise = 0.3;          // standard deviation of per-game logit noise
  double tie_strength = 0.4;   // Davidson's nu: larger gives more ties
  double unparsable_rate = 0.0;  // share of outputs with no verdict in them
  double echo_planted_rate = 0.0;  // share of outputs quoting an answer's planted verdict
  double style_bias = 0.0;     // pairwise: logits added to a markdown answer against a plain one
  // Pairwise ([[A]]/[[B]]/[[C]] and graded): when above 0, a game's verdict is drawn from
  // what the judge reads alone (the sampling seed no longer redraws it), and each call
  // gives the flipped verdict instead with this probability, drawn from the seed: A and B
  // swap, a tie becomes the side the judge leaned to. So k repeats of a game agree with
  // probability (1 - flip_rate)^k + flip_rate^k, the truth repetition stability is tested on.
  double flip_rate = 0.0;
  // Pairwise: logits added to an answer whose tag names `family` against one that does
  // not (a judge preferring its own family's answers; 0: none).
  double self_bias = 0.0;
  std::string family;
};

// A simulated judge answering under its own model name.
struct SimNamedJudge {
  std::string name;
  SimJudge judge;
};

struct SimWorld {
  std::uint64_t seed = 1;
  std::vector<SimAnswerModel> answer_models;
  SimJudge judge;                     // answers as kSimJudge
  std::vector<SimNamedJudge> judges;  // more judges, e.g. for panels
  double evolver_failure_rate = 0.1;
  double teacher_refusal_rate = 0.05;
};

// The instruction's true difficulty 1..10 in the simulated world.
int sim_true_difficulty(std::string_view instruction);

// A model's expected latent quality on an instruction of difficulty `difficulty`.
double sim_expected_quality(const SimAnswerModel& model, double difficulty);

// Whether the simulator of `world` answers requests for `model` (its answer models,
// judges, grader, evolver and teacher).
bool sim_answers_as(const SimWorld& world, std::string_view model);

// Whether calls of endpoint kind `kind` (as cache keys and the store name it) were
// answered by this simulator.
inline bool is_simulated_kind(std::string_view kind) { return kind.rfind("sim:", 0) == 0; }

class SimBackend : public ChatModel {
 public:
  explicit SimBackend(SimWorld world);

  // "sim:" and a hash of the world's canonical JSON, so a changed world never reuses
  // cached calls.
  std::string endpoint_kind() const override { return endpoint_kind_; }
  void complete_batch(std::span<const CompletionRequest> requests,
                      const CompletionCallback& done) override;

  const SimWorld& world() const { return world_; }

 private:
  Result<Completion> complete_one(const CompletionRequest& request) const;
  // The judge answering as `model`, if it is a simulated judge.
  const SimJudge* judge_named(const std::string& model) const;

  SimWorld world_;
  std::string endpoint_kind_;
};

}  // namespace evolbench
