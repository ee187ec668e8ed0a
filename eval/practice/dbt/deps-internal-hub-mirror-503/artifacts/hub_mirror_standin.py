"""Local stand-in for the internal dbt hub mirror while its backend is down: 503 on every path."""
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = b"""<html>\r\n<head><title>503 Service Temporarily Unavailable</title></head>\r\n<body>\r\n<center><h1>503 Service Temporarily Unavailable</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"""


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(503)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, fmt, *args):
        print("mirror:", fmt % args, flush=True)


ThreadingHTTPServer(("127.0.0.1", 28502), H).serve_forever()
