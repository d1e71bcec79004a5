package dev.belay.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw HTTP/1.1 server for what WireMock cannot do: send a status line, headers and the start of a
 * body, then stall until it is closed. Counts the connections it accepted (one request each).
 */
final class StallingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    StallingServer(String headAndPartialBody) throws IOException {
        socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    accepted.incrementAndGet();
                    TricklingServer.readRequestHead(s.getInputStream());
                    OutputStream out = s.getOutputStream();
                    out.write(headAndPartialBody.getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    closed.await(); // stall until the test is over
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }, "stalling-server");
        thread.setDaemon(true);
        thread.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    int requests() {
        return accepted.get();
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
    }
}
