"""Stand-in pricing service: plain HTTP on 127.0.0.1:18632."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"prices": [{"sku": f"SKU{i}", "eur": 9.99 + i} for i in range(20)]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", 18632), H).serve_forever()
