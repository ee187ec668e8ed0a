# Stand-in for the schema registry: its own backing store is broken, every request gets a 500.
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"error_code": 50001, "message": "Internal Server Error: store backend unavailable (database is locked)"}).encode()
        self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

HTTPServer(("127.0.0.1", 18553), H).serve_forever()
