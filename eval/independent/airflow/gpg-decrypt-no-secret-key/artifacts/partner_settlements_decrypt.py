"""Decrypt the payment partner's daily settlement file (PGP) and stage it."""
import logging
import os
import subprocess
from datetime import datetime

from airflow.sdk import dag, task

log = logging.getLogger("acme.settlements")
GNUPGHOME = "/tmp/ind13/gnupg-worker"


@dag(dag_id="partner_settlements_decrypt", schedule="0 7 * * *", start_date=datetime(2026, 12, 1), catchup=False,
     tags=["payments"])
def partner_settlements_decrypt():
    @task
    def decrypt(ds_nodash=None):
        src = f"/tmp/ind13/landing/settlements_{ds_nodash}.csv.gpg"
        dst = f"/tmp/ind13/landing/settlements_{ds_nodash}.csv"
        log.info("found %s (%d bytes); staging dir zombie entries killed: 0", src, os.path.getsize(src))
        cmd = ["gpg", "--batch", "--yes", "--pinentry-mode", "loopback", "--output", dst, "--decrypt", src]
        log.info("running: %s", " ".join(cmd))
        proc = subprocess.run(cmd, env={**os.environ, "GNUPGHOME": GNUPGHOME}, capture_output=True, text=True)
        for line in proc.stderr.splitlines():
            log.info("gpg: %s", line)
        proc.check_returncode()
        log.info("decrypted to %s", dst)

    decrypt()


partner_settlements_decrypt()
