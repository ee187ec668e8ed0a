#!/bin/sh
# The platform team's maintenance on the serving Postgres (minor-version restart), which landed in the
# publish window: about 20 s into the publish, the cluster is shut down (fast mode) and stays down.
sleep "${1:-20}"
su postgres -c "/usr/lib/postgresql/$(ls /usr/lib/postgresql | head -1)/bin/pg_ctl -D /tmp/h44-pg/data stop -m fast"
