"""Stand-in API gateway on 127.0.0.1:18631 whose upstream is down: every request gets 502."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"upstream connect error or disconnect/reset before headers. reset reason: connection failure"
        self.send_response(502, "Bad Gateway")
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("server", "envoy")
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", 18631), H).serve_forever()
