#!/usr/bin/env bash
# A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }).
# runTests only spawns the executable with --extensionDevelopmentPath=... --extensionTestsPath=...
# [workspace] plus desktop-only flags, and takes its exit code; this maps those arguments onto
# harness.mjs, which runs the tests in code-server's Node extension host instead.
# The caller's environment (runTests' extensionTestsEnv) reaches the extension host, because
# code-server's extension host inherits the server's environment.
# Extra harness options: CAMPFIRE_EXTHOST_HARNESS_ARGS (space-separated, e.g. "--keep --verbose").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

args=()
workspace=""
for a in "$@"; do
  case "$a" in
    --extensionDevelopmentPath=*|--extensionTestsPath=*) args+=("$a") ;;
    --version|-v) echo "1.139.1 (code-server extension-host shim)"; exit 0 ;;
    # --no-sandbox, --disable-updates, --user-data-dir=..., --extensions-dir=..., --disable-extensions, ...:
    # desktop flags; the harness gives every run its own throw-away state anyway.
    -*) ;;
    *) [ -z "$workspace" ] && workspace="$a" ;;
  esac
done
[ -n "$workspace" ] && args+=("--workspace=$workspace")
# Word splitting of the extra options is intended.
# shellcheck disable=SC2206
extra=(${CAMPFIRE_EXTHOST_HARNESS_ARGS:-})
# exec: signals from runTests (Ctrl-C) reach the harness, which then cleans up.
exec node "$here/harness.mjs" "${args[@]}" "${extra[@]}"
