"""Stand-in for the CMS export endpoint: the first request of each path gets 503 (warming up), then the export.
The exporter builds JSON by string concatenation; editors pasted a spec table with TAB characters into one description."""
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

seen = set()


def export():
    items = []
    for i in range(240):
        items.append('{"sku": "CMS-%05d", "title": "Garden hose %d m", "description": "%s"}'
                     % (i, 10 + i % 30, "Flexible PVC hose, UV stable."))
    items[137] = ('{"sku": "CMS-00137", "title": "Drip irrigation kit", '
                  '"description": "Kit contents:\tpipe 20 m\tconnectors 12\tdrippers 40"}')
    return ("[" + ",".join(items) + "]").encode()


class H(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path not in seen:
            seen.add(self.path)
            self.send_response(503)
            self.send_header("content-type", "text/plain")
            self.end_headers()
            self.wfile.write(b"export warming up\n")
            return
        body = export()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("x-exporter", "cms-export 4.2.0")
        self.send_header("x-record-count", "240")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.1", 28481), H).serve_forever()
