#!/usr/bin/env bash
# Downloads the npm packages named in corpus TSVs into a cache and prints one line per entry:
# absolute path of the file, records_input, class, split (the TSV's base name).
# It fetches each package's own tarball with `npm pack` instead of `npm install`: we only read
# the published files, and resolving the whole dependency tree fails whenever one transitive
# dependency is missing from the registry mirror.
# Usage: fetch.sh [TSV...]   (default: every split beside this script: dev-set.tsv, train.tsv,
# heldout.tsv, heldout2.tsv)
# Cache: $KEYVEIL_CORPUS_CACHE, else ${XDG_CACHE_HOME:-~/.cache}/keyveil-corpus
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -eq 0 ]; then set -- "$here/dev-set.tsv" "$here/train.tsv" "$here/heldout.tsv" "$here/heldout2.tsv"; fi
cache=${KEYVEIL_CORPUS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/keyveil-corpus}
mkdir -p "$cache/pkgs" "$cache/tarballs"
command -v npm >/dev/null || { echo "fetch.sh: npm is needed to fetch the corpus" >&2; exit 3; }

rows() { grep -hv '^#' "$@" | awk -F'\t' 'NF>=5'; }
dir_of() { printf '%s/pkgs/%s@%s' "$cache" "${1//\//+}" "$2"; }

missing=()
while IFS=$'\t' read -r name version _; do
  [ -f "$(dir_of "$name" "$version")/package.json" ] || missing+=("$name@$version")
done < <(rows "$@" | sort -u -t$'\t' -k1,2)

if [ ${#missing[@]} -gt 0 ]; then
  # One `npm pack` for all missing specs; it prints JSON describing each tarball it wrote.
  (cd "$cache/tarballs" && npm pack --silent --json "${missing[@]}" >"$cache/pack.json" 2>"$cache/pack.err") ||
    { echo "fetch.sh: npm pack failed:" >&2; cat "$cache/pack.err" >&2; exit 3; }
  for spec in "${missing[@]}"; do
    name=${spec%@*}; version=${spec##*@}
    # npm names scoped tarballs "scope-name-version.tgz".
    tgz="$cache/tarballs/$(printf '%s' "${name#@}" | tr '/' '-')-$version.tgz"
    [ -f "$tgz" ] || { echo "fetch.sh: no tarball for $spec ($tgz)" >&2; exit 3; }
    dest=$(dir_of "$name" "$version")
    rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
    tar xzf "$tgz" -C "$dest.tmp" --strip-components=1
    rm -rf "$dest" && mv "$dest.tmp" "$dest"
    rm -f "$tgz" # only the unpacked files are read; the tarball would double the cache
  done
fi

for tsv in "$@"; do
  split=$(basename "$tsv" .tsv)
  grep -v '^#' "$tsv" | awk -F'\t' 'NF>=5' | while IFS=$'\t' read -r name version file rec cls; do
    path="$(dir_of "$name" "$version")/$file"
    [ -f "$path" ] || { echo "fetch.sh: missing $path" >&2; exit 3; }
    printf '%s\t%s\t%s\t%s\n' "$path" "$rec" "$cls" "$split"
  done
done
