#!/usr/bin/env bash
set -euo pipefail
echo "refresh_rates: pulling fx snapshot for ${RUN_DATE:-today}"
echo "refresh_rates: done"
