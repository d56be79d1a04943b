#!/usr/bin/env bash
# Installs the Debian packages the tests need, when missing: Chromium for the web app's end-to-end tests, and
# PyTorch for the benchmark's comparison row with an optimised BLAS under it (libopenblas0-pthread: without it
# Debian's torch runs on the reference BLAS, about ten times slower, and the comparison would flatter us). Needs
# root (CI and the dev machines run as root); elsewhere it says what to install and carries on, and the tests that
# need a missing package say so.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ -z "${FMNIST_SKIP_TORCH:-}" ]; then
  /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
  dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: please install these Debian packages: ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
