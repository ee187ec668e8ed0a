# Stand-in for the shared FX service under load: every request answers 429 Too Many Requests.
import http.server
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b'{"error":"rate limit exceeded for client finance-batch","retry_after":60}'
        self.send_response(429); self.send_header("Retry-After", "60"); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
http.server.HTTPServer(("127.0.0.1", 18851), H).serve_forever()
