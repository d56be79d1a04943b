#!/usr/bin/env bash
# Installs the Debian packages a task needs, when missing. `test` (npm test's pretest): Chromium, for the web app's
# end-to-end tests. `bench` (npm run bench's prebench): Chromium for the browser row, and PyTorch for the comparison
# row with an optimised BLAS under it (libopenblas0-pthread: without it Debian's torch runs on the reference BLAS,
# about ten times slower, and the comparison would flatter us). `dataset`: Debian's dataset-fashion-mnist, which CI
# installs for a second run of the tests that read the dataset. Needs root (CI and the dev machines run as root);
# elsewhere it says what to install and carries on, and the tests or rows that need a missing package say so.
set -euo pipefail
missing=()
for task in "$@"; do
  case $task in
    test) command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
    bench)
      command -v chromium >/dev/null 2>&1 || missing+=(chromium)
      /usr/bin/python3 -c 'import torch' >/dev/null 2>&1 || missing+=(python3-torch)
      dpkg -s libopenblas0-pthread >/dev/null 2>&1 || missing+=(libopenblas0-pthread)
      ;;
    dataset) dpkg -s dataset-fashion-mnist >/dev/null 2>&1 || missing+=(dataset-fashion-mnist) ;;
    *)
      echo "system-deps: unknown task '$task' (test, bench or dataset)" >&2
      exit 2
      ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: please install these Debian packages: ${missing[*]}" >&2
  exit 0
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
