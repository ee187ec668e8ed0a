#!/bin/sh
# The other team's nightly backup, run between the load and dbt: it drops a ~44 MB archive on the shared volume.
head -c 44000000 /dev/urandom > /tmp/h44-dbt-ledger/vol/ledger_backup_2026-12-06.tar
df -h /tmp/h44-dbt-ledger/vol
