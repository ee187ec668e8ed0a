"""Local stand-in for the returns service: pages take ~4.5 s; page 1's first request hangs 9 s."""
import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

SEEN = {}


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        page = int(q.get("page", ["1"])[0])
        SEEN[page] = SEEN.get(page, 0) + 1
        time.sleep(9 if (page == 1 and SEEN[page] == 1) else 4.5)
        items = [{"return_id": page * 1000 + i, "order_id": 50000 + page * 7 + i, "sku": f"SKU-{i:04d}",
                  "qty": 1 + i % 3, "reason": "damaged" if i % 5 == 0 else "changed_mind"} for i in range(200)]
        body = json.dumps({"items": items, "next_page": page + 1 if page < 4 else None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


ThreadingHTTPServer(("127.0.0.1", 28501), H).serve_forever()
