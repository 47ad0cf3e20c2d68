#include "core/families.h"

#include <cctype>

#include "core/text.h"

namespace evolbench {

std::string default_family(std::string_view model_id) {
  if (const auto slash = model_id.rfind('/'); slash != std::string_view::npos) model_id.remove_prefix(slash + 1);
  std::size_t end = 0;
  while (end < model_id.size() && model_id[end] != '-' &&
         !std::isdigit(static_cast<unsigned char>(model_id[end])))
    ++end;
  return ascii_lower(end == 0 ? model_id : model_id.substr(0, end));
}

bool grades_own_family(const std::string& judge_family, const std::string& family_a, const std::string& family_b) {
  return (family_a == judge_family) != (family_b == judge_family);
}

std::string family_of(const Families& families, const std::string& model) {
  const auto found = families.find(model);
  return found != families.end() ? found->second : default_family(model);
}

}  // namespace evolbench
