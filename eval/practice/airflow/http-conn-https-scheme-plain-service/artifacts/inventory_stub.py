# Stand-in for the internal inventory service: plain HTTP, no TLS.
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps([{"sku": f"SKU-{i}", "qty": i * 3} for i in range(40)]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

HTTPServer(("127.0.0.1", 18551), H).serve_forever()
