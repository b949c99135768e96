#!/usr/bin/env bash
# Make sure Debian's Chromium and a Java runtime (for the Nu HTML checker) are installed.
# Installs them when we are root on Debian; otherwise prints one line saying what to do.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} from Debian's packages ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
echo "Missing ${missing[*]}: run 'sudo apt-get install ${missing[*]}' (Debian), then 'make test' again." >&2
exit 1
