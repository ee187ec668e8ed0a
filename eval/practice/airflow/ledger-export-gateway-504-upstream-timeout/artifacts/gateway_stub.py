"""Stands in for the internal envoy gateway while the finance export backend is not answering:
/health is served by the gateway itself; ledger exports are proxied and time out upstream (504)."""
import http.server
import time


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.endswith("/health"):
            body = b"gateway ok\n"
            self.send_response(200)
        else:
            time.sleep(3)  # the route's upstream timeout expires before the backend answers
            body = b"upstream request timeout"
            self.send_response(504)
        self.send_header("server", "envoy")
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


http.server.ThreadingHTTPServer(("127.0.0.1", 28101), H).serve_forever()
