#!/bin/sh
# Installs Debian's Chromium for the browser card tests (npm run test:browser); playwright-core drives
# it through /usr/bin/chromium and never downloads a browser of its own. Idempotent: does nothing
# when Chromium is already there. Needs root (CI containers run as root).
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# fonts-dejavu-core: a font with full Latin coverage so screenshots do not depend on what else is installed.
apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
