#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium and its WebDriver (packages `chromium` and
# `chromium-driver`) for the transparency portal's browser tests (examples: PortalBrowserTest), and
# exports PRIVACITY_CHROMIUM and PRIVACITY_CHROMEDRIVER for them. Meant to be sourced by .ci/run
# (`source .ci/chromium.sh`); also runnable alone, in which case it prints the `export` lines.
# Needs root (apt-get). Idempotent: a second run reuses the installed packages. Nothing is
# downloaded at test time: the tests use these two binaries and never Selenium Manager.
set -euo pipefail

CHROMIUM_BIN=/usr/bin/chromium
CHROMEDRIVER_BIN=/usr/bin/chromedriver

if [ ! -x "$CHROMIUM_BIN" ] || [ ! -x "$CHROMEDRIVER_BIN" ]; then
  echo "== installing Chromium (apt-get install chromium chromium-driver)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# The browser and the driver must be the same major version, or every session fails to start.
browser_version="$("$CHROMIUM_BIN" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -1)"
driver_version="$("$CHROMEDRIVER_BIN" --version 2>/dev/null | grep -oE '[0-9]+(\.[0-9]+)+' | head -1)"
if [ -z "$browser_version" ] || [ "${browser_version%%.*}" != "${driver_version%%.*}" ]; then
  echo "Chromium '$browser_version' and chromedriver '$driver_version' do not match" >&2
  exit 1
fi

export PRIVACITY_CHROMIUM="$CHROMIUM_BIN"
export PRIVACITY_CHROMEDRIVER="$CHROMEDRIVER_BIN"
echo "Chromium $browser_version and chromedriver $driver_version ready"
echo "export PRIVACITY_CHROMIUM='$PRIVACITY_CHROMIUM' PRIVACITY_CHROMEDRIVER='$PRIVACITY_CHROMEDRIVER'"
