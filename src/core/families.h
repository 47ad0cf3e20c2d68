// Model families: which models come from the same maker's line, so that a judge
// grading its own family's answers can be told apart (self-preference). A plan names a
// model's or judge's family, or it is read from the model id.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace evolbench {

// A model id's family: its last path segment ("openai/gpt-4o" -> "gpt-4o"), lower-cased,
// up to its first dash or digit ("gpt-4o" -> "gpt", "claude-3-opus" -> "claude",
// "llama3-8b" -> "llama"); the whole segment when it begins with one.
std::string default_family(std::string_view model_id);

// Whether a judge of family `judge_family` grades its own family in a pair of models of
// families `family_a` and `family_b`: exactly one of the two is its family. A pair of
// two own-family models is not counted: the judge has no own side to prefer there.
bool grades_own_family(const std::string& judge_family, const std::string& family_a, const std::string& family_b);

// Model name -> family, for compared and judge models alike.
using Families = std::map<std::string, std::string>;

// The family `families` gives `model`, else default_family(model).
std::string family_of(const Families& families, const std::string& model);

}  // namespace evolbench
