"""Local stand-in for the partner's returns API (port 28521)."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

MAX_PAGE = 250


class H(BaseHTTPRequestHandler):
    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        u = urlparse(self.path)
        q = parse_qs(u.query)
        if u.path == "/v2/ping":
            return self._send(200, {"status": "ok"})
        if u.path == "/v2/returns":
            try:
                size = int(q.get("page_size", ["100"])[0])
            except ValueError:
                return self._send(400, {"error": "invalid_request", "detail": "page_size must be an integer"})
            if not 1 <= size <= MAX_PAGE:
                return self._send(400, {"error": "invalid_request",
                                        "detail": f"page_size must be between 1 and {MAX_PAGE}, got {size}"})
            page = int(q.get("page", ["1"])[0])
            items = [{"return_id": f"R{page}{i:04d}", "order_id": 5000 + i, "qty": 1} for i in range(min(size, 40))]
            return self._send(200, {"items": items, "next_page": None})
        self._send(404, {"error": "not_found"})


if __name__ == "__main__":
    import sys
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 28521), H).serve_forever()
