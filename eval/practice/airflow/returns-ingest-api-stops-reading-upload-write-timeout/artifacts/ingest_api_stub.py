"""Stand-in for the returns-platform ingest API (port 28669) while its upload workers are wedged:
connections are accepted and the request line is read, but the body is never consumed."""
import socket
import threading

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 28669))
s.listen(16)
held = []


def stuck(c):
    c.recv(1024)  # request line + some headers, then nothing
    held.append(c)


while True:
    c, _ = s.accept()
    threading.Thread(target=stuck, args=(c,), daemon=True).start()
