"""Stand-in for the loyalty platform's import API (port 28667) while its previous import is stuck RUNNING
(the import worker died at 02:31 and the platform never released the tenant's import lock)."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class H(BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = {"error": "import_in_progress",
                "message": "Import imp_8812 for tenant acme is still RUNNING (started 2026-12-08T02:14:07Z, "
                           "last worker heartbeat 2026-12-08T02:31:55Z); only one import per tenant may run at a time"}
        data = json.dumps(body).encode()
        self.send_response(409)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


ThreadingHTTPServer(("127.0.0.1", 28667), H).serve_forever()
