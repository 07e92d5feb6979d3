#!/usr/bin/env bash
# KeyVeil's one build script. On a fresh machine every subcommand installs what it needs first.
#   ./build.sh [build]   build the Wasm core and dist/chrome, dist/firefox
#   ./build.sh test      every test: Rust, the Wasm API under Node, the real-script corpus,
#                        reproducible packages, lint, browser tests in Chromium and Firefox
#   ./build.sh corpus    the classifier on ~190 real npm scripts (fetches them from the registry)
#   ./build.sh demo      run the extension in headless Chromium on the demo site, print its report
#   ./build.sh package   dist/keyveil-chrome.zip and dist/keyveil-firefox.xpi
#   ./build.sh reproduce package twice (the second time elsewhere) and fail unless byte-identical
#   ./build.sh bench     criterion benchmarks and the Wasm benchmarks under Node
#   ./build.sh setup     install the toolchain only
#   ./build.sh browser [FILE...]  build, then only the browser tests (those files, or all)
#   ./build.sh fuzz [TARGET] [SECONDS]  libFuzzer on one target (or all), SECONDS each (default 300)
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"
ROOT=$(pwd)
WASM_TARGET=wasm32-unknown-unknown
# The exact wasm-bindgen version Cargo.toml pins; the CLI must match it to the letter.
WBG_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
GECKODRIVER_VERSION=0.37.1
# Where the built extensions go (the browser tests read the same variable): a second checkout
# of work in progress can build and test beside dist/ without replacing it under a running test.
DIST=${KEYVEIL_DIST:-dist}
# Panic messages in the Wasm module carry the source paths of the crates they come from, and
# cargo unpacks dependencies under the builder's CARGO_HOME (/root/.cargo/registry/src/...):
# rewritten to one fixed prefix, the module no longer depends on who built it or where
# (docs/reproducible-build.md). For the wasm32 target only, so native builds keep their paths.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:+$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS }--remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo"
WASM_OUT=${KEYVEIL_DIST:+$KEYVEIL_DIST/wasm-web}
WASM_OUT=${WASM_OUT:-target/wasm-web}

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

setup() {
  command -v cargo >/dev/null || { echo "build.sh: cargo not found; install Rust with rustup first" >&2; exit 1; }
  if ! rustup target list --installed 2>/dev/null | grep -qx "$WASM_TARGET"; then
    say "adding Rust target $WASM_TARGET"
    rustup target add "$WASM_TARGET"
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WBG_VERSION" ]; then
    say "installing wasm-bindgen-cli $WBG_VERSION (a few minutes, once)"
    # No --locked: with it, the install fails because the registry mirror this project builds
    # on lacks one dependency version the CLI's lock file names.
    cargo install -q wasm-bindgen-cli --version "$WBG_VERSION"
  fi
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v c++ >/dev/null || missing+=(g++) # libFuzzer (cargo-fuzz) is C++
  # The public suffix list the uBlock Origin comparison (tests/ubo/) gives uBO's engine.
  [ -f /usr/share/publicsuffix/public_suffix_list.dat ] || missing+=(publicsuffix)
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} from Debian"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if [ "$(geckodriver --version 2>/dev/null | head -n1 | awk '{print $2}')" != "$GECKODRIVER_VERSION" ]; then
    say "installing geckodriver $GECKODRIVER_VERSION (a few minutes, once)"
    cargo install -q geckodriver --version "$GECKODRIVER_VERSION"
  fi
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (about 2 minutes, once)"
    cargo install -q cargo-fuzz
  fi
  # npm ci only when the lock file changed since the last install.
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.keyveil-lock; then
    say "installing npm packages (test tools, binaryen, esbuild)"
    npm ci --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.keyveil-lock
  fi
}

build_wasm() {
  say "building the Rust core for $WASM_TARGET"
  cargo build --release --target "$WASM_TARGET" --lib
  local raw="target/$WASM_TARGET/release/keyveil.wasm" out=$WASM_OUT
  rm -rf "$out" && mkdir -p "$out"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name keyveil "$raw"
  # npm's binaryen (package.json pins it), never Debian's binaryen 108: that one's -Oz output
  # fails at start-up with "WebAssembly.Table.set(): Argument 1 is invalid for table", and
  # building without reference types is no way round it with this wasm-bindgen.
  node_modules/.bin/wasm-opt -Oz --enable-reference-types --enable-bulk-memory --enable-sign-ext \
    --enable-mutable-globals --enable-nontrapping-float-to-int --enable-multivalue \
    "$out/keyveil_bg.wasm" -o "$out/keyveil_bg.opt.wasm"
  mv "$out/keyveil_bg.opt.wasm" "$out/keyveil_bg.wasm"
  say "wasm: $(stat -c %s "$raw") bytes from rustc, $(stat -c %s "$out/keyveil_bg.wasm") bytes after wasm-bindgen + wasm-opt -Oz ($(gzip -9c "$out/keyveil_bg.wasm" | wc -c) gzipped)"
}

# bundle_background DIR: background.js and every module it imports (background/*.js, lib/ext.js,
# the wasm-bindgen glue) become one file, DIR/background.js. A woken worker otherwise loads
# about 15 modules one by one before its first line runs (~15 ms of a 45 ms wake, see
# docs/perf-history.md). The sources stay modules as they are; the output is not minified (readable
# for review), and the bundled-in files are removed so no stale second copy ships.
bundle_background() {
  local d=$1
  # Run from DIR so the bundle's per-module comments name extension paths, not this machine's.
  (cd "$d" && "$ROOT/node_modules/.bin/esbuild" background.js --bundle --format=esm \
    --platform=browser --target=chrome111,firefox140 --charset=utf8 --log-level=warning \
    --outfile=background.js --allow-overwrite)
  rm -rf "$d/background" "$d/wasm/keyveil.js"
}

# builtin_ruleset: the built-in list compiled to DNR rules by the native CLI, for Chrome's static
# ruleset (the manifest's declarative_net_request.rule_resources): those rules cost nothing of
# Chrome's 30,000 dynamic rules, which are left to subscriptions and the person's overrides. The
# core compares the same compile with what the settings want and turns off the static rules
# they change (src/lists/chrome.rs).
builtin_ruleset() {
  local out="$DIST/chrome/rules/builtin.json"
  cargo build -q --release --bin keyveil
  mkdir -p "$(dirname "$out")"
  # The CLI names every filter the defaults leave to the page hook on stderr: kept in a log.
  target/release/keyveil list compile --dnr --merge-hosts -o "$out" lists/keyveil.txt 2> target/builtin-ruleset.log \
    || { cat target/builtin-ruleset.log >&2; return 1; }
  say "static ruleset: $out ($(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).length)' "$out") rules)"
}

assemble() {
  for b in chrome firefox; do
    local d="$DIST/$b"
    rm -rf "$d" && mkdir -p "$d/wasm"
    cp -R extension/. "$d/"
    cp "$WASM_OUT/keyveil.js" "$WASM_OUT/keyveil_bg.wasm" "$d/wasm/"
    # The content scripts, each joined from its parts (tools/content-scripts.mjs).
    node tools/content-scripts.mjs extension/content "$d/content"
    # What the page hook knows before the background's first answer, from the core itself.
    node tools/boot-policy.mjs "$WASM_OUT" "$d/content/hook.js"
    bundle_background "$d"
    node tools/manifest.mjs "$b" manifest.json "$d/manifest.json"
  done
  builtin_ruleset
  say "extension: $DIST/chrome and $DIST/firefox"
}

build() { build_wasm; assemble; }

# The archives' bytes depend only on the files (sorted, one timestamp, fixed modes: see
# tools/pack.py), so a store reviewer's rebuild can be compared byte for byte.
package() {
  build
  rm -f "$DIST/keyveil-chrome.zip" "$DIST/keyveil-firefox.xpi"
  python3 tools/pack.py "$DIST/chrome" "$DIST/keyveil-chrome.zip"
  python3 tools/pack.py "$DIST/firefox" "$DIST/keyveil-firefox.xpi"
  say "packages: $DIST/keyveil-chrome.zip ($(stat -c %s "$DIST/keyveil-chrome.zip") bytes), $DIST/keyveil-firefox.xpi ($(stat -c %s "$DIST/keyveil-firefox.xpi") bytes)"
}

# package_again: packages a second time, into another folder, and fails unless both runs gave
# the same bytes (docs/reproducible-build.md). The second run repeats wasm-bindgen, wasm-opt,
# esbuild, the manifests and the archives; cargo has nothing to recompile, so rustc's own
# determinism is not re-checked here (the doc says how that was checked).
package_again() {
  local again="target/package-again/${DIST//\//_}" f
  say "packaging again into $again: the archives must be byte-identical"
  (DIST=$again WASM_OUT=$again/wasm-web; package)
  for f in keyveil-chrome.zip keyveil-firefox.xpi; do
    if ! cmp -s "$DIST/$f" "$again/$f"; then
      echo "build.sh: $f differs between two package runs ($DIST, $again):" >&2
      if diff -rq "$DIST/chrome" "$again/chrome" >&2 && diff -rq "$DIST/firefox" "$again/firefox" >&2; then
        echo "build.sh: the files inside are the same: the archive writer (tools/pack.py) varies" >&2
      fi
      return 1
    fi
  done
  say "reproducible: $(sha256sum "$DIST/keyveil-chrome.zip" "$DIST/keyveil-firefox.xpi" | awk '{printf "%s %s  ", $2, substr($1, 1, 16)}')"
}

# build_wasm_node: the core with wasm-bindgen's Node.js glue, in target/wasm-node, for the Wasm
# API tests and the Wasm benchmarks.
build_wasm_node() {
  cargo build -q --release --target "$WASM_TARGET" --lib
  rm -rf target/wasm-node
  wasm-bindgen --target nodejs --out-dir target/wasm-node "target/$WASM_TARGET/release/keyveil.wasm"
  # The glue is CommonJS, and the repository's package.json ("type": "module") would make Node
  # load it as an ES module ("exports is not defined"): the nearest package.json decides.
  printf '{ "type": "commonjs" }\n' > target/wasm-node/package.json
}

# The only test of the shapes JavaScript receives from the core (objects, typed arrays, errors).
wasm_api_tests() {
  say "Wasm API tests under Node (tests/wasm/*.test.mjs)"
  build_wasm_node
  KEYVEIL_NODE_PKG=target/wasm-node node --test tests/wasm/*.test.mjs
  say "list matching against uBlock Origin's engine under Node (tests/ubo/)"
  KEYVEIL_DIST="$DIST" KEYVEIL_NODE_PKG=target/wasm-node node --test tests/ubo/
}

# The classifier on the real scripts the corpus lists name (tests/corpus/): recall and false
# positives against the thresholds tests/corpus.rs asserts. Fetches ~150 npm packages the first
# time (about a minute, 700 MB, cached), which is why plain `cargo test` skips it.
corpus() {
  say "classifier on the real-script corpus (tests/corpus/; npm registry, cached)"
  cargo test -q --test corpus -- --ignored
}

rust_checks() {
  say "cargo fmt --check"
  cargo fmt --all -- --check
  say "cargo clippy (native, all targets; wasm32 surface)"
  cargo clippy -q --all-targets -- -D warnings
  cargo clippy -q --target "$WASM_TARGET" --lib -- -D warnings
  say "cargo test"
  cargo test -q
}

lint_extension() {
  say "eslint extension/ (recommended rules, no-unsanitized)"
  node_modules/.bin/eslint --max-warnings 0 extension "$DIST/chrome/content"
  say "web-ext lint $DIST/firefox"
  node_modules/.bin/web-ext lint --source-dir "$DIST/firefox" --output json --no-config-discovery > target/web-ext-lint.json || true
  node tools/lint-report.mjs target/web-ext-lint.json
}

browser_tests() {
  say "browser tests (${KEYVEIL_BROWSERS:-chromium,firefox})"
  node --test --test-concurrency=1 --test-reporter=spec "${@:-tests/browser/}"
}

FUZZ_TARGETS=(request script payload leak list dnr report)

# fuzz_run SECONDS [TARGET...]: libFuzzer (cargo-fuzz) on each target for SECONDS, from the seeds
# and crash inputs in fuzz/corpus/TARGET plus what earlier runs found (target/fuzz-corpus/TARGET,
# never committed). A crash fails the run and names its input (fuzz/artifacts/TARGET/crash-*).
# cargo-fuzz passes nightly -Z flags (sanitizer, coverage); RUSTC_BOOTSTRAP=1 lets the stable
# toolchain take them (no nightly can be installed here).
fuzz_run() {
  local secs=$1; shift
  local targets=("$@")
  [ ${#targets[@]} -gt 0 ] || targets=("${FUZZ_TARGETS[@]}")
  say "cargo fuzz build (${targets[*]})"
  if [ ${#targets[@]} -gt 1 ]; then
    RUSTC_BOOTSTRAP=1 cargo fuzz build
  else
    RUSTC_BOOTSTRAP=1 cargo fuzz build "${targets[0]}"
  fi
  for t in "${targets[@]}"; do
    say "fuzz $t for ${secs}s"
    mkdir -p "target/fuzz-corpus/$t"
    if ! RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" "target/fuzz-corpus/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -max_len=16384 -timeout=10 -print_final_stats=1 > "target/fuzz-$t.log" 2>&1; then
      grep -v '^#[0-9]' "target/fuzz-$t.log" | tail -n 40 >&2
      echo "build.sh: fuzz target $t failed (full log: target/fuzz-$t.log)" >&2
      return 1
    fi
    grep -E '^stat::number_of_executed_units|^Done' "target/fuzz-$t.log" | tr '\n' ' ' >&2; echo >&2
  done
}

cmd=${1:-build}
case "$cmd" in
  setup) setup ;;
  build) setup; build ;;
  package) setup; package ;;
  test) setup; package; package_again; rust_checks; wasm_api_tests; corpus; fuzz_run 10; lint_extension; browser_tests ;;
  corpus) setup; corpus ;;
  reproduce) setup; package; package_again ;;
  browser) setup; package; shift; browser_tests "$@" ;;
  demo) setup; build; node tests/demo.mjs ;;
  fuzz) setup; t=${2:-all}; [ "$t" = all ] && t=; fuzz_run "${3:-300}" $t ;;
  bench)
    setup
    say "criterion benchmarks"
    cargo bench --bench '*'
    say "Wasm benchmarks under Node"
    build_wasm_node
    # --expose-gc: benches/wasm/request.mjs measures uBO's heap after a forced collection.
    for f in benches/wasm/*.mjs; do [ -e "$f" ] && node --expose-gc "$f" "$ROOT/target/wasm-node"; done
    # The extension in Chromium and Firefox (page load, worker wake, per-event hook cost):
    # built into $DIST first, so KEYVEIL_DIST=... keeps a bench run off other people's dist/.
    build
    say "extension benchmarks in the browser ($DIST; benches/browser/, about 5 minutes)"
    KEYVEIL_DIST="$DIST" node benches/browser/run.mjs
    ;;
  *) echo "usage: ./build.sh [setup|build|test|corpus|reproduce|browser|demo|package|bench|fuzz]" >&2; exit 2 ;;
esac
