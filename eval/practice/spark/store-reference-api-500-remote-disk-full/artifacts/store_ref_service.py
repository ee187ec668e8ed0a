"""Stand-in for the store reference service: its backing database has run out of disk."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({
            "error": "internal",
            "detail": "ERROR: could not extend file \"base/16384/2619\": No space left on device (HINT: Check free disk space.)",
            "service": "store-ref", "instance": "store-ref-2",
        }).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


HTTPServer(("127.0.0.1", 28667), H).serve_forever()
