#!/usr/bin/env bash
# Vendor @huggingface/jinja (the Jinja engine the Hub and transformers.js use) for the chat-template playground.
# Usage: scripts/update_jinja.sh 0.5.11   (an exact version from the npm registry)
set -euo pipefail
version="${1:?usage: scripts/update_jinja.sh <exact version, e.g. 0.5.11>}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/docs/assets/javascripts/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@huggingface/jinja@$version" >/dev/null && tar xzf huggingface-jinja-"$version".tgz)
mkdir -p "$dest"
rm -f "$dest"/huggingface-jinja-*.js
cp "$work/package/dist/index.js" "$dest/huggingface-jinja-$version.js"
cp "$work/package/LICENSE" "$dest/huggingface-jinja.LICENSE"
printf '{\n  "package": "@huggingface/jinja",\n  "version": "%s",\n  "file": "huggingface-jinja-%s.js",\n  "from": "dist/index.js of the npm tarball"\n}\n' \
  "$version" "$version" >"$dest/huggingface-jinja.json"
sed -i "s/huggingface-jinja-[0-9][0-9.]*\.js/huggingface-jinja-$version.js/" "$root/docs/assets/javascripts/chat-template.js"
echo "vendored @huggingface/jinja $version into ${dest#"$root"/}"
