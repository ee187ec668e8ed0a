#!/bin/sh
# what the DBA's maintenance did to the reporting cluster while the sync ran: a fast shutdown for a minor-version upgrade
runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D /tmp/h45-pg/data -m fast stop
