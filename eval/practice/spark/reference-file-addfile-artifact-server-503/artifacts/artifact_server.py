"""Stand-in for the internal artifact server during its outage: every request gets 503."""
from http.server import BaseHTTPRequestHandler, HTTPServer


class Down(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>"
        self.send_response(503)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET


HTTPServer(("127.0.0.1", 28737), Down).serve_forever()
