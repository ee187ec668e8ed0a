"""Local stand-in for the supplier's FTP server while its per-server connection limit is exhausted."""
import socketserver


class H(socketserver.StreamRequestHandler):
    def handle(self):
        self.wfile.write(b"421 Too many connections (50) from all hosts, server busy. Try again later.\r\n")


class S(socketserver.ThreadingTCPServer):
    allow_reuse_address = True


S(("127.0.0.1", 28501), H).serve_forever()
