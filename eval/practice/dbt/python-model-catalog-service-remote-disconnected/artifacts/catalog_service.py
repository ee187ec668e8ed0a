"""Stand-in catalog service on 127.0.0.1:18650: accepts, reads the request, closes without answering."""
import socket

s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 18650)); s.listen(16)
while True:
    c, _ = s.accept()
    try:
        c.recv(65536)
    finally:
        c.close()
