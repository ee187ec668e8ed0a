"""Stand-in for the CDN edge in front of the promo API, with the origin down: /health answers 200
after one 502, /v2/promotions answers 523 with the CDN's error page."""
from http.server import BaseHTTPRequestHandler, HTTPServer

health_calls = {"n": 0}
PAGE = b"""<!DOCTYPE html><html><head><title>promo.example.internal | 523: Origin is unreachable</title></head>
<body><h1>Error 523</h1><p>Origin is unreachable</p><p>Ray ID: 8f1c2a7e5d0b3c91 &bull; edge fra06</p></body></html>"""


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/health"):
            health_calls["n"] += 1
            if health_calls["n"] == 1:
                self.send_response(502, "Bad Gateway")
                self.end_headers()
                return
            body = b'{"status":"ok","edge":"fra06"}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(523, "Origin Is Unreachable")
        self.send_header("Content-Type", "text/html")
        self.send_header("Server", "cdn-edge")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


HTTPServer(("127.0.0.1", 28665), H).serve_forever()
