"""Stand-in for the pricing API's gateway during the vendor's maintenance window: the gateway sends
every API request to its maintenance page, and the maintenance page sends it back to the API."""

import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if self.path.startswith("/maintenance"):
            location = "/v2/prices/current?region=de"
        else:
            location = "/maintenance?from=" + self.path.split("?")[0]
        body = b"<html><body>Moved</body></html>"
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Server", "pricing-gw/2.8")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
