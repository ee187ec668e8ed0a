# Stand-in for the WMS export service: its worker crashes mid-stream and the socket
# carries garbage instead of the next chunk header, then closes.
import socket, threading
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 19131)); srv.listen(8)
def handle(c):
    c.recv(65536)
    c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n")
    for i in range(450):
        body = f"SKU{i:06d},AMS1,{i % 97}\n".encode()
        c.sendall(b"%x\r\n%s\r\n" % (len(body), body))
    c.sendall(b"\x00\x17\xfe#panic: worker 3 segfault\n")
    c.close()
while True:
    conn, _ = srv.accept(); threading.Thread(target=handle, args=(conn,)).start()
