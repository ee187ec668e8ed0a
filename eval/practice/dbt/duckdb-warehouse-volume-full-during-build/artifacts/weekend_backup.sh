#!/bin/sh
# what the weekend backup job left on the warehouse volume (a full copy written next to the live file)
dd if=/dev/urandom of=/tmp/h45-dbt-vol/events_backup_2026-12-06.duckdb bs=1M count=10 2>&1
