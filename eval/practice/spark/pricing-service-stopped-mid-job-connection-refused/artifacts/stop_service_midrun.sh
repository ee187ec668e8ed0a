#!/usr/bin/env bash
# Stand-in for the pricing team's deploy: the service is stopped (and not restarted for
# ~10 minutes, a failed rollout) while the repricing job is halfway through.
SVC_PID=$1; SVC_LOG=$2
until [ "$(grep -c served "$SVC_LOG")" -ge 30 ]; do sleep 0.1; done
kill "$SVC_PID"; echo "$(date -u +%FT%TZ) deploy: pricing service stopped"
