# Stand-in for the pricing API: its upstream pool is down, the gateway answers 502 to everything.
from http.server import BaseHTTPRequestHandler, HTTPServer

BODY = b"<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.24.0</center></body></html>"

class H(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(502, "Bad Gateway")
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

HTTPServer(("127.0.0.1", 18550), H).serve_forever()
