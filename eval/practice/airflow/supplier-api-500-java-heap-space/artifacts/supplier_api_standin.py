"""Stand-in for the supplier's price-list API: page 1 and 2 answer, from page 3 on the service's JVM is out of heap."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        page = int(q.get("page", ["1"])[0])
        if page <= 2:
            items = [{"sku": f"SKU-{(page - 1) * 500 + i:05d}", "price": "12.40", "currency": "EUR"} for i in range(1, 501)]
            body = json.dumps({"page": page, "items": items}).encode()
            self.send_response(200)
        else:
            body = json.dumps({
                "timestamp": "2026-12-07T07:02:11.412+00:00",
                "status": 500,
                "error": "Internal Server Error",
                "message": "java.lang.OutOfMemoryError: Java heap space",
                "path": "/v2/price-list",
            }).encode()
            self.send_response(500)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        sys.stderr.write("standin: " + fmt % args + "\n")


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
