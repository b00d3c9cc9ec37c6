// Shell scripts printed by `nerdts completion <shell>`. Each one hands the words before the cursor
// to `nerdts __complete` and shows what it prints: one candidate per line, plus `:files` or
// `:directories` when the shell should add path names itself.
import { NerdtsError } from '../errors';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

// bash splits words at '=' and ':' (COMP_WORDBREAKS), so `--format=js` or `alpine:3` reach the
// function as several words. The script re-splits the line at blanks only, asks nerdts about whole
// words, and trims from each candidate the part bash already considers typed.
const BASH = `# bash completion for nerdts. Load it with: source <(nerdts completion bash)
_nerdts_completion() {
    local cur=\${COMP_WORDS[COMP_CWORD]}
    local line=\${COMP_LINE:0:COMP_POINT}
    local -a words lines
    read -r -a words <<< "$line"
    if [[ -z $line || $line == *[[:space:]] ]]; then
        words+=("")
    fi
    local word=\${words[\${#words[@]}-1]}
    local strip=
    if [[ -n $cur && $word == *"$cur" ]]; then
        strip=\${word%"$cur"}
    fi
    mapfile -t lines < <("\${words[0]}" __complete "\${words[@]:1}" 2>/dev/null)
    COMPREPLY=()
    local l shell=
    for l in "\${lines[@]}"; do
        case $l in
            :files) shell=files ;;
            :directories) shell=directories ;;
            '') ;;
            *) COMPREPLY+=("\${l#"$strip"}") ;;
        esac
    done
    if [[ -n $shell ]]; then
        compopt -o filenames 2>/dev/null
        local flag=-f
        [[ $shell == directories ]] && flag=-d
        mapfile -t -O "\${#COMPREPLY[@]}" COMPREPLY < <(compgen "$flag" -- "$cur")
    fi
    return 0
}
complete -F _nerdts_completion nerdts
`;

const ZSH = `#compdef nerdts
# zsh completion for nerdts. Load it with: source <(nerdts completion zsh)
_nerdts() {
    local -a lines cands
    local l shell=
    lines=("\${(@f)$(\${words[1]} __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
    for l in "\${lines[@]}"; do
        case $l in
            :files) shell=files ;;
            :directories) shell=directories ;;
            '') ;;
            *) cands+=("$l") ;;
        esac
    done
    (( \${#cands} )) && compadd -- "\${cands[@]}"
    [[ $shell == files ]] && _files
    [[ $shell == directories ]] && _files -/
    return 0
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
    _nerdts "$@"
else
    compdef _nerdts nerdts
fi
`;

const FISH = `# fish completion for nerdts. Load it with: nerdts completion fish | source
function __nerdts_complete
    set -l tokens (commandline -opc)
    set -l current (commandline -ct)
    for line in ($tokens[1] __complete $tokens[2..-1] "$current" 2>/dev/null)
        switch $line
            case ':files'
                __fish_complete_path "$current"
            case ':directories'
                __fish_complete_directories "$current"
            case '*'
                echo $line
        end
    end
end
complete -c nerdts -f -a '(__nerdts_complete)'
`;

/** The script for a shell; unknown shells are a usage error. */
export function completionScript(shell: string): string {
  switch (shell) {
    case 'bash': return BASH;
    case 'zsh': return ZSH;
    case 'fish': return FISH;
    default:
      throw new NerdtsError('usage', `unsupported shell "${shell}"`, { hint: `use one of: ${SHELLS.join(', ')}` });
  }
}
