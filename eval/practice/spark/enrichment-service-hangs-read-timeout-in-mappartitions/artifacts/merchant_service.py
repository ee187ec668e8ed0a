"""Stand-in for the merchant service in its hung state: accepts connections, never answers."""
import socket
import time

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 18932))
s.listen(64)
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)  # hold the connection open, send nothing
