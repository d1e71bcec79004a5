package dev.belay.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A raw server for one connection that sends its reply a byte at a time, each well within any read
 * timeout, and stops as soon as the client has let go: what a slow or hostile server (or proxy) does
 * to a client that bounds only each read. With no delay it sends the reply at once. Records the request
 * line it received (absolute-form when it is asked as a proxy).
 */
final class TricklingServer implements AutoCloseable {

    private final ServerSocket socket;
    private final byte[] reply;
    private final long millisPerByte;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicReference<String> requestLine = new AtomicReference<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    TricklingServer(String reply, long millisPerByte) throws IOException {
        this.socket = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.reply = reply.getBytes(StandardCharsets.US_ASCII);
        this.millisPerByte = millisPerByte;
        this.thread = new Thread(this::serveOne, "trickling-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serveOne() {
        try (Socket s = socket.accept()) {
            requestLine.set(readRequestHead(s.getInputStream()).lines().findFirst().orElse(""));
            OutputStream out = s.getOutputStream();
            if (millisPerByte == 0) {
                out.write(reply);
                out.flush();
                return;
            }
            for (byte b : reply) {
                out.write(b);
                out.flush();
                sent.incrementAndGet();
                if (closed.await(millisPerByte, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (IOException e) {
            // a write into a connection the client has dropped: the client let go
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The request head, up to the blank line (the small form body that follows is left unread). */
    static String readRequestHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        int b;
        while (state < 4 && (b = in.read()) != -1) {
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
    }

    String requestLine() {
        return requestLine.get();
    }

    /** Stops trickling, and waits for the server's thread to end; returns how many bytes of the reply went out. */
    int stopAndCountSent() throws InterruptedException {
        closed.countDown();
        thread.join(5_000);
        return sent.get();
    }

    int replyLength() {
        return reply.length;
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        socket.close();
    }
}
