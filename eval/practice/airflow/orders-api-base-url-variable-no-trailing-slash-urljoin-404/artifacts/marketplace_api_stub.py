"""Stand-in for the marketplace orders API (port 28666): only /api/v2/orders exists."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs


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
        if u.path != "/api/v2/orders":
            return self._send(404, {"error": "not_found", "message": f"No route for GET {u.path}"})
        page = int(parse_qs(u.query).get("page", ["1"])[0])
        orders = [{"order_id": f"MK-{page}{i:04d}", "amount": 19.9 + i} for i in range(50)]
        self._send(200, {"orders": orders, "next_page": page + 1 if page < 3 else None})


ThreadingHTTPServer(("127.0.0.1", 28666), H).serve_forever()
