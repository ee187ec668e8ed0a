"""Stand-in for the catalog API behind the CDN edge: the edge answers with Content-Encoding: gzip
but the body it forwards is a corrupted copy (stale cached object, first bytes overwritten)."""

import gzip
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if not self.path.startswith("/v3/catalog/products"):
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        items = [{"sku": f"SKU-{i:06d}", "name": f"Product {i}", "price": 2.49 + i % 9} for i in range(1, 251)]
        body = bytearray(gzip.compress(json.dumps({"page": 1, "items": items}).encode()))
        body[0:10] = b"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Via", "1.1 edge-fra3 (cache/4.2)")
        self.send_header("X-Cache", "HIT")
        self.end_headers()
        self.wfile.write(bytes(body))


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
