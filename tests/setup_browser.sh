#!/usr/bin/env bash
# Installs Debian's Chromium for the report-page tests when it is missing.
# Never downloads a browser build of its own: Playwright drives /usr/bin/chromium.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "setup_browser: could not install chromium; browser tests will be skipped" >&2
else
  echo "setup_browser: chromium not found and cannot apt-get install it; browser tests will be skipped" >&2
fi
exit 0
