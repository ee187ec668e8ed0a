#!/bin/sh
# The partner's SFTP drop job writes to the landing volume, which was moved from the old NFS mount
# (/mnt/landing_nfs) to /tmp/h39-landing; the landing_fs connection still names the old mount.
mkdir -p /tmp/h39-landing/partner_returns
printf 'return_id,order_id,sku,qty,reason\nR-1,O-100,SKU-00001,1,damaged\nR-2,O-101,SKU-00007,2,wrong size\n' > /tmp/h39-landing/partner_returns/returns_20261207.csv
mkdir -p /mnt/landing_nfs/partner_returns 2>/dev/null || true
