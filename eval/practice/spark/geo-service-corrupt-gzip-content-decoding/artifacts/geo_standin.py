# Stand-in for the geo service behind a faulty gateway: it answers 200 with Content-Encoding: gzip
# but the body bytes are corrupted in transit (not a valid gzip stream).
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import gzip, json
class H(BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", 0)); req = json.loads(self.rfile.read(n))
        good = gzip.compress(json.dumps({"coords": [[52.1, 4.3]] * len(req["postcodes"])}).encode())
        body = b"\x1f\x8b\x08\x00" + bytes(b ^ 0x5A for b in good[4:])
        self.send_response(200); self.send_header("Content-Type", "application/json")
        self.send_header("Content-Encoding", "gzip"); self.send_header("Content-Length", str(len(body)))
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
ThreadingHTTPServer(("127.0.0.1", 19132), H).serve_forever()
