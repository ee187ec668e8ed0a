"""Stand-in for the reference-data API (store -> region mapping). The platform team rotated its
API tokens on 2026-12-06: the Q3 token is revoked, only the Q4 token is accepted."""
import json
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

VALID = {"rd_live_2026Q4_9c1e7f"}
REVOKED = {"rd_live_2026Q3_51ab20"}


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        auth = self.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip()
        if token in VALID and self.path.startswith("/v1/stores"):
            body = json.dumps({"stores": [{"store_id": f"S{i:02d}", "region": ["north", "south", "east", "west"][i % 4]} for i in range(1, 37)]})
            code = 200
        elif token in REVOKED:
            body = json.dumps({"error": "invalid_token", "error_description": "The access token has been revoked"})
            code = 401
        else:
            body = json.dumps({"error": "invalid_token", "error_description": "Unknown access token"})
            code = 401
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        if code == 401:
            self.send_header("WWW-Authenticate", 'Bearer error="invalid_token", error_description="The access token has been revoked"')
        self.end_headers()
        self.wfile.write(body.encode())


HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
