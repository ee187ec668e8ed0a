"""Stand-in for the device registry API (port 28668). Store 0412's new label printer was registered by hand with a typo'd address."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

DEVICES = []
for store in range(401, 421):
    for k, kind in enumerate(("till", "till", "scanner", "printer")):
        DEVICES.append({"device_id": f"D{store}{k:02d}", "hostname": f"s{store}-{kind}{k}", "store": f"0{store}", "kind": kind,
                        "mgmt_ip": f"10.20.{store - 400}.{10 + k}", "last_seen": "2026-12-07T23:5%d:00Z" % (k,),
                        "status": "offline" if (store, k) in ((405, 2), (417, 0)) else "online"})
DEVICES.append({"device_id": "D41204", "hostname": "s412-printer4", "store": "0412", "kind": "printer",
                "mgmt_ip": "10.20.4.300", "last_seen": "2026-12-07T18:02:11Z", "status": "online"})


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        start = int(q.get("cursor", ["0"])[0])
        items = DEVICES[start:start + 100]
        nxt = str(start + 100) if start + 100 < len(DEVICES) else None
        data = json.dumps({"devices": items, "next_cursor": nxt}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


ThreadingHTTPServer(("127.0.0.1", 28668), H).serve_forever()
