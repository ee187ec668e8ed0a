"""Stand-in for the remote job status service: the rebuild job's worker stopped heartbeating."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

STATUS = {"job_id": "rebuild-ledger-2026-12-06", "state": "RUNNING", "progress": 0.42,
          "started_at": "2026-12-07T02:00:04Z", "heartbeat_at": "2026-12-07T02:41:17Z",
          "worker": "batch-node-07"}


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(STATUS).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


HTTPServer(("127.0.0.1", 18931), H).serve_forever()
