#!/usr/bin/env bash
# Regenerates the plugin's screenshots in this directory: starts `./dr jenkins --builds 3` (the real Jenkins war with
# plugin/target/disaster-recovery.hpi, a throwaway PostgreSQL and store, three builds of the ready job for a trend),
# photographs its pages with headless Chromium, and stops it (Ctrl-C's clean-up: nothing is left behind).
#
# Headless Chromium cannot type a password, and a login form submitted from a local page does not work either (Jenkins
# only keeps a login made in a session it started, and a page of another origin cannot start one for it). So
# Screenshots.java drives Chromium over the DevTools protocol and adds the printed one-time admin password as an HTTP
# basic Authorization header to every request, which Jenkins accepts as it does from API clients: the screenshots show
# the administrator's pages (configuration, Manage Jenkins) as the admin sees them. The password reaches it in an
# environment variable, never on a command line.
#
# Usage: docs/screenshots/make.sh   (needs chromium: apt-get install -y chromium; about five minutes on two cores)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
chromium=$(command -v chromium || command -v chromium-browser || true)
[[ -n $chromium ]] || { echo "make.sh: chromium is missing (apt-get install -y chromium)" >&2; exit 2; }

work=$(mktemp -d)
chmod 700 "$work"
dr_pid=""
cleanup() {
  if [[ -n $dr_pid ]] && kill -0 "$dr_pid" 2>/dev/null; then
    kill -TERM "$dr_pid" 2>/dev/null || true
    # dr's shutdown hook stops Jenkins, PostgreSQL and the store; give it time, bounded.
    for _ in $(seq 1 90); do kill -0 "$dr_pid" 2>/dev/null || break; sleep 1; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "make.sh: starting ./dr jenkins --builds 3 (its output: $work/dr.log)…"
# setsid: a Ctrl-C of this script reaches dr only through the trap above (SIGTERM runs the same clean-up as Ctrl-C).
setsid "$repo/dr" jenkins --builds 3 >"$work/dr.log" 2>&1 &
dr_pid=$!
for _ in $(seq 1 600); do
  grep -q '^Ctrl-C stops' "$work/dr.log" && break
  kill -0 "$dr_pid" 2>/dev/null || { cat "$work/dr.log" >&2; echo "make.sh: dr jenkins exited" >&2; exit 1; }
  sleep 1
done
grep -q '^Ctrl-C stops' "$work/dr.log" || { cat "$work/dr.log" >&2; echo "make.sh: dr jenkins not ready in 10 minutes" >&2; exit 1; }
grep -E '^    build #' "$work/dr.log"
url=$(sed -n 's/^URL: *//p' "$work/dr.log")
password=$(sed -n 's/^password: *\([^ ]*\).*/\1/p' "$work/dr.log")
job=dr-backup-and-verify

# Screenshots.java drives Chromium over the DevTools protocol and sends the admin's credentials as an HTTP header on
# every request (see its comment); NAME:HEIGHT=PATH@SECTION.
DR_SCREENSHOT_PASSWORD="$password" CHROMIUM="$chromium" java "$here/Screenshots.java" "$url" admin - "$here" \
  "configuration:1800=/manage/configure@Disaster Recovery" \
  "build:1300=/job/$job/3/" \
  "job:1000=/job/$job/" \
  "job-disaster-recovery:1400=/job/$job/disaster-recovery/" \
  "manage-disaster-recovery:700=/manage/disaster-recovery/"
echo "make.sh: done; look at every picture before committing it"
