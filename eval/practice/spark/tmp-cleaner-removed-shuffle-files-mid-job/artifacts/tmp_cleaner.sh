#!/usr/bin/env bash
# Stand-in for the host's /tmp housekeeping (a cron'd cleanup with a short retention
# that also sweeps Spark scratch under /tmp). On the night of the failure it ran while
# the job was in its scoring stage and removed the block manager directory.
LOG=$1
until grep -qE "ShuffleMapStage [0-9]+ .*finished in" "$LOG" 2>/dev/null; do sleep 0.2; done
sleep 1
echo "$(date -u +%FT%TZ) tmp-cleaner: removing $(ls -d /tmp/h41-spark-local/blockmgr-* 2>/dev/null)"
rm -rf /tmp/h41-spark-local/blockmgr-*
