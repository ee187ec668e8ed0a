"""Stand-in for the greenhouse sensor API (port 28666). Firmware 4.2 on GH-SOUTH reports a failed humidity probe as NaN."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs


def readings(site, day):
    out = []
    for i in range(1, 25):
        vals = {"temp_c": round(18 + i * 0.21, 2), "humidity": round(61 + (i % 7) * 1.3, 1), "co2_ppm": 410 + i * 3}
        if site == "GH-SOUTH" and i == 14:
            vals["humidity"] = float("nan")  # probe H-14 failed; firmware 4.2 serialises it as NaN
        out.append({"sensor_id": f"{site[-5:]}-H{i:02d}", "read_at": f"{day}T{i - 1:02d}:00:00Z", "values": vals})
    return out


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        u = urlparse(self.path)
        site = u.path.split("/")[3]
        day = parse_qs(u.query)["date"][0]
        body = {"site": site, "firmware": "4.2" if site == "GH-SOUTH" else "4.1", "stale_sensors": 2 if site == "GH-EAST" else 0,
                "readings": readings(site, day)}
        data = json.dumps(body).encode()  # json.dumps writes NaN unless allow_nan=False
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


ThreadingHTTPServer(("127.0.0.1", 28666), H).serve_forever()
