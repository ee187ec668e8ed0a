"""Stand-in for the proxy in front of the store services: /stores answers 503 once then 200;
/calendar has no healthy backend (503 'no healthy upstream')."""
import json
from http.server import BaseHTTPRequestHandler, HTTPServer

calls = {"stores": 0}


class H(BaseHTTPRequestHandler):
    def _send(self, code, body, ctype="text/plain"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("server", "envoy")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path.startswith("/v1/stores"):
            calls["stores"] += 1
            if calls["stores"] == 1:
                return self._send(503, b"upstream connect error or disconnect/reset before headers. reset reason: connection failure")
            body = json.dumps([{"store_id": f"S{100 + i}", "country": "DE"} for i in range(12)]).encode()
            return self._send(200, body, "application/json")
        return self._send(503, b"no healthy upstream")


HTTPServer(("127.0.0.1", 28667), H).serve_forever()
