#include "evol/lineage.h"

#include <algorithm>
#include <functional>
#include <map>

namespace evolbench {

namespace {
std::string first_words(const std::string& text, std::size_t limit) {
  std::string line = text.substr(0, text.find('\n'));
  if (line.size() > limit) line = line.substr(0, limit) + "...";
  return line;
}
}  // namespace

Result<std::vector<FamilyMember>> family_of(const std::vector<Evolution>& pool, const std::string& id) {
  const auto member = std::find_if(pool.begin(), pool.end(), [&](const Evolution& e) { return e.id == id; });
  if (member == pool.end()) return input_error("no pool member with id '" + id + "'");
  std::multimap<std::string, const Evolution*> children;
  const Evolution* root = nullptr;
  for (const auto& e : pool) {
    if (e.root_id != member->root_id) continue;
    if (e.parent_id.empty()) root = &e;
    else children.emplace(e.parent_id, &e);
  }
  if (!root) return input_error("pool member '" + id + "' has no seed '" + member->root_id + "' in the pool");
  std::vector<FamilyMember> family;
  const std::function<void(const Evolution&, int)> visit = [&](const Evolution& e, int depth) {
    family.push_back({.member = &e, .depth = depth});
    std::vector<const Evolution*> ordered;
    for (auto [it, end] = children.equal_range(e.id); it != end; ++it) ordered.push_back(it->second);
    std::sort(ordered.begin(), ordered.end(),
              [](const Evolution* a, const Evolution* b) { return std::tie(a->round, a->id) < std::tie(b->round, b->id); });
    for (const Evolution* child : ordered) visit(*child, depth + 1);
  };
  visit(*root, 0);
  return family;
}

std::string render_family_tree(const std::vector<FamilyMember>& family, const std::string& id) {
  std::string out;
  for (const auto& [member, depth] : family) {
    const Evolution& e = *member;
    const auto indent = 2 * static_cast<std::size_t>(depth);
    out += (e.id == id ? "* " : "  ") + std::string(indent, ' ') + e.id + "  round " + std::to_string(e.round) +
           "  " + e.operation + "  " +
           (e.status == EvolutionStatus::kKept ? std::string("kept") : "eliminated: " + e.elimination_rule) +
           (e.difficulty > 0 ? "  difficulty " + std::to_string(e.difficulty) : "") + "\n" +
           std::string(4 + indent, ' ') + first_words(e.instruction, 100) + "\n";
  }
  return out;
}

}  // namespace evolbench
