"""Stand-in for the promo tool's API (port 28667). P-4471 was keyed in with its dates the wrong way round."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

PROMOS = [
    {"promo_id": f"P-44{n:02d}", "name": f"Winter deals wave {n}", "channel": "web" if n % 2 else "store",
     "valid_from": "2026-12-08", "valid_to": "2026-12-21", "discount_pct": 10 + n % 15, "status": "active"}
    for n in range(50, 80)
]
PROMOS[21].update({"promo_id": "P-4471", "name": "Advent candles 3 for 2", "valid_from": "2026-12-24", "valid_to": "2026-12-01"})
PROMOS[5]["status"] = "draft"
PROMOS[12]["status"] = "draft"


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        page, per = int(q["page"][0]), int(q["per_page"][0])
        if page == 1:
            per = 20
            items = PROMOS[:20]
        else:
            items = PROMOS[20:]
        body = {"items": items, "total": len(PROMOS), "next_page": 2 if page == 1 else None}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


ThreadingHTTPServer(("127.0.0.1", 28667), H).serve_forever()
