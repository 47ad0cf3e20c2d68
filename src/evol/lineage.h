// Lineage: a seed's family as a tree, for `evolbench evolve tree ID`.
#pragma once

#include <string>
#include <vector>

#include "core/records.h"
#include "core/result.h"

namespace evolbench {

// One member of a family and its generation (0: the seed). `member` points into the
// pool the family was taken from, which must outlive it.
struct FamilyMember {
  const Evolution* member = nullptr;
  int depth = 0;
};

// The family of the member `id` (any member: its root's whole family), seed first,
// each member followed by its children in (round, id) order. An unknown id, or a
// family whose seed is not in the pool, is an input Error.
Result<std::vector<FamilyMember>> family_of(const std::vector<Evolution>& pool, const std::string& id);

// The family as text, one entry per member, indented by generation: id, round,
// operation, kept or the rule that fired, difficulty, and the instruction's first
// words. `id`'s line is marked with "*".
std::string render_family_tree(const std::vector<FamilyMember>& family, const std::string& id);

}  // namespace evolbench
