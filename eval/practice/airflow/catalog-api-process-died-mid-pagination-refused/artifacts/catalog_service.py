"""Stand-in for the product-catalog service (port 28611).

It serves /v1/products?page=N (8 pages of 50 products). After it has answered 3 page requests the
process dies abruptly (SIGKILL on itself), the way the real service was OOM-killed by its host
mid-pagination; nothing restarts it.
"""
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse

SERVED = {"n": 0}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        if url.path == "/health":
            body = b'{"status":"ok"}'
        else:
            page = int(parse_qs(url.query).get("page", ["1"])[0])
            items = [{"sku": f"SKU-{page:02d}{i:03d}", "name": f"Product {page}-{i}", "price": round(3.5 + i * 0.25, 2)}
                     for i in range(50)]
            body = json.dumps({"page": page, "pages": 8, "items": items}).encode()
            SERVED["n"] += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        if SERVED["n"] >= 3:
            sys.stderr.write("catalog-service: heap exhausted, process going down\n")
            sys.stderr.flush()
            time.sleep(0.2)
            os.kill(os.getpid(), signal.SIGKILL)

    def log_message(self, fmt, *args):
        sys.stderr.write("catalog-service: " + (fmt % args) + "\n")


if __name__ == "__main__":
    HTTPServer(("127.0.0.1", 28611), Handler).serve_forever()
