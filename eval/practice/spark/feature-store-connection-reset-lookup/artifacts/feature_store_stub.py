"""Stand-in feature store on 127.0.0.1:18651 that resets every connection (RST via SO_LINGER 0)."""
import socket
import struct

s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 18651)); s.listen(16)
while True:
    c, _ = s.accept()
    c.recv(65536)
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
