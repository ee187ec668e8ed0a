#!/bin/sh
# The warehouse lives on a small shared volume (/tmp/h44-dbt-ledger/vol, 48 MB tmpfs standing in for the
# shared disk). The finance team's nightly backup job writes its archive onto the same volume.
mkdir -p /tmp/h44-dbt-ledger/vol
mount -t tmpfs -o size=48m tmpfs /tmp/h44-dbt-ledger/vol
