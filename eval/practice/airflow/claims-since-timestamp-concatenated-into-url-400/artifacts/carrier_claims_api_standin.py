"""Local stand-in for the carrier's claims API (port 28522)."""
import json
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


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
        if u.path != "/v1/claims":
            return self._send(404, {"error": "not_found"})
        since = q.get("updated_since", [""])[0]
        try:
            datetime.fromisoformat(since)
        except ValueError:
            return self._send(400, {"error": "bad_request",
                                    "detail": f"updated_since is not a valid ISO-8601 timestamp: {since!r}"})
        claims = [{"claim_id": f"C-{i:05d}", "tracking_no": f"1Z{i:08d}", "amount": 12.5 + i} for i in range(25)]
        return self._send(200, {"claims": claims})


if __name__ == "__main__":
    import sys
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 28522), H).serve_forever()
