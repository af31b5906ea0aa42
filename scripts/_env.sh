# Sourced by scripts/build, scripts/test and scripts/bench: makes .venv with the project and the
# exact, hash-checked packages of requirements/ (see the README's "Development" for updating them),
# reinstalling when pyproject.toml or a lock file changes. Needs only python3 (>= 3.10) and the
# package registry. Three steps, none of them taking a file whose sha256 is not in the lock:
#   1. pip and the build backend (setuptools) from requirements/bootstrap.txt, wheels only (an sdist
#      would be built in an isolated, unpinned build environment);
#   2. the dependencies from requirements/run.txt, or requirements/test.txt for the test extras,
#      without build isolation, so an sdist (jieba has no wheel) is built with that setuptools;
#   3. the project itself, editable (pip refuses editables in hash-checking mode, hence no
#      --require-hashes there), with --no-deps and --no-build-isolation; then pip check.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
cd "$ROOT"

ensure_venv() {
    local extras=${1:-}
    local lock="requirements/${extras:-run}.txt"
    local want
    want=$(cat pyproject.toml requirements/bootstrap.txt requirements/run.txt requirements/test.txt |
           python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest()[:16])')
    want="$want${extras:+-$extras}"
    if [ ! -x "$PY" ]; then
        echo "setup: creating .venv" >&2
        python3 -m venv "$VENV"
    fi
    # An install with extras also serves the commands that need none.
    if ! grep -qx "$want\(-.*\)\{0,1\}" "$VENV/.installed" 2>/dev/null; then
        echo "setup: installing statement-site${extras:+[$extras]} into .venv" >&2
        local log="$VENV/pip-install.log"
        local pip=("$PY" -m pip --disable-pip-version-check)
        if ! { "${pip[@]}" install --require-hashes --no-deps --only-binary :all: \
                   -r requirements/bootstrap.txt &&
               "${pip[@]}" install --require-hashes --no-build-isolation -r "$lock" &&
               "${pip[@]}" install --no-deps --no-build-isolation -e . &&
               "${pip[@]}" check; } >"$log" 2>&1; then
            tail -n 40 "$log" >&2
            echo "setup: pip install failed (full log: $log)" >&2
            exit 1
        fi
        echo "$want" >> "$VENV/.installed"
    fi
}

# Debian's Chromium for the browser tests (never a browser download of a test tool's own), and
# fonts-noto-cjk so that screenshots show Chinese rather than boxes.
ensure_chromium() {
    local packages=()
    local found=""
    for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then found="$candidate"; break; fi
    done
    [ -n "$found" ] || packages+=(chromium)
    if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; }; then
        packages+=(fonts-noto-cjk)
    fi
    if [ ${#packages[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
        local sudo=""
        if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
        echo "setup: installing Debian's ${packages[*]}" >&2
        { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
            $sudo apt-get install -y -qq "${packages[@]}"; } >"$ROOT/.venv/apt-install.log" 2>&1 ||
            { tail -n 20 "$ROOT/.venv/apt-install.log" >&2; echo "setup: apt-get failed" >&2; }
    fi
    if [ -z "$found" ] && [ -x /usr/bin/chromium ]; then found=/usr/bin/chromium; fi
    if [ -n "$found" ]; then export CHROMIUM="$found"; fi
}
