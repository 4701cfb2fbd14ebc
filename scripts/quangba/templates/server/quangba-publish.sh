#!/bin/sh
# Rebuild the portal from the repository's main branch and publish it, then ask systemd to
# run this again at the next moment the output changes by itself (an embargo lifting, an
# event ending, an agency's validity ending). quangba-publish.timer runs it every hour too,
# as the fallback. Installed by the province's IT staff: see docs/deploying.en.md.
#
# Settings (in ~/.config/quangba/publish.env, read by quangba-publish.service):
#   QUANGBA_REPO    the repository's clone on this server (default ~/repo)
#   QUANGBA_WEB     the web root's folder: the web server serves $QUANGBA_WEB/current (default ~/www)
#   QUANGBA_BRANCH  the branch that is published (default main)
#   QUANGBA_KEEP    releases kept for rollback (default 10)
set -eu

repo=${QUANGBA_REPO:-$HOME/repo}
web=${QUANGBA_WEB:-$HOME/www}
branch=${QUANGBA_BRANCH:-main}
keep=${QUANGBA_KEEP:-10}

cd "$repo"
git fetch --quiet origin "$branch"
git merge --ff-only --quiet "origin/$branch"
[ -x .venv/bin/quangba ] || make site  # the first run installs the pinned tools (and builds once)
# a failed build prints its findings (in the journal) and leaves what is published as it was
.venv/bin/quangba build --quiet
.venv/bin/quangba publish "$web" --keep "$keep"

next=$(.venv/bin/quangba next-update --format json | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["systemd"] or "")')
if [ -n "$next" ] && command -v systemd-run >/dev/null; then
  # one transient timer for the next change, replaced on every run
  systemctl --user stop quangba-next-change.timer 2>/dev/null || true
  systemd-run --user --quiet --collect --unit=quangba-next-change --on-calendar="$next" \
    --timer-property=AccuracySec=1s systemctl --user start quangba-publish.service
  echo "Lần chạy tiếp theo / next run: $next (và mỗi giờ / and every hour)"
fi
