"""Local stand-in for the carrier gateway (Envoy in front of the carrier service) during the outage:
the upstream carrier service resets connections, Envoy answers 502."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"upstream connect error or disconnect/reset before headers. reset reason: connection termination"
        self.send_response(502)
        self.send_header("content-type", "text/plain")
        self.send_header("server", "envoy")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", 18751), H).serve_forever()
