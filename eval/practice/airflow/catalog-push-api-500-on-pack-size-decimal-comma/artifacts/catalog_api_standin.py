"""Local stand-in for the marketplace catalog API: its handler int()s pack_size and 500s on anything else."""
import json
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class H(BaseHTTPRequestHandler):
    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        try:
            for p in body["products"]:
                int(p["pack_size"])
            code, out = 202, {"accepted": len(body["products"])}
        except ValueError as exc:
            code, out = 500, {"error": "internal_error", "message": "Unhandled exception in handler",
                              "detail": f"ValueError: {exc}", "trace_id": uuid.uuid4().hex}
        data = json.dumps(out).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *a):
        pass


ThreadingHTTPServer(("127.0.0.1", 28502), H).serve_forever()
