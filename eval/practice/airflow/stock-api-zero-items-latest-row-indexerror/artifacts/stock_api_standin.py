"""Local stand-in for the warehouse-ops stock API on the day the snapshot job upstream produced nothing:
200 OK with an empty items list."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"items": [], "page": 1, "pages": 1,
                           "generated_at": "2026-12-07T03:12:44Z", "warehouse": "DE-BER-1"}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", 18750), H).serve_forever()
