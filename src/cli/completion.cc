#include "cli/completion.h"

namespace evolbench {

std::string bash_completion(const std::vector<std::string>& names) {
  std::string words = "--help --version";
  for (const auto& name : names) words += " " + name;
  return "# bash completion for evolbench, made by `evolbench --bash-completion`\n"
         "_evolbench() {\n"
         "  local word=${COMP_WORDS[COMP_CWORD]}\n"
         "  if [ \"$COMP_CWORD\" -eq 1 ]; then\n"
         "    COMPREPLY=($(compgen -W '" + words + "' -- \"$word\"))\n"
         "  elif [[ $word == -* ]]; then\n"
         "    local flags\n"
         "    flags=$(\"${COMP_WORDS[0]}\" \"${COMP_WORDS[1]}\" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u)\n"
         "    COMPREPLY=($(compgen -W \"$flags\" -- \"$word\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -f -- \"$word\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _evolbench evolbench\n";
}

}  // namespace evolbench
