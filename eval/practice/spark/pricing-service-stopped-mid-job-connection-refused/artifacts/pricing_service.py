"""Local stand-in for the pricing service (POST /v2/prices)."""
import json, sys, time, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(0.15)
        prices = {s: round(1 + zlib.crc32(s.encode()) % 9000 / 100, 2) for s in body["skus"]}
        out = json.dumps({"prices": prices}).encode()
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.send_header("Content-Length", str(len(out))); self.end_headers()
        self.wfile.write(out)
        print("served", len(prices), flush=True)

ThreadingHTTPServer(("127.0.0.1", 28311), H).serve_forever()
