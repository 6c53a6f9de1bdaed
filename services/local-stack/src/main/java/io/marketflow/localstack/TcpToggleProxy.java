package io.marketflow.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of a real server that can be switched off (connections refused and cut) and on again on
 * the same port: a server that is down, or an outage, without touching the shared test stack. JDK only, like
 * {@link LocalStackProcess}, so that service tests can use it.
 */
public final class TcpToggleProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    private TcpToggleProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    /**
     * @param targetHost the real server's host
     * @param targetPort the real server's port
     * @return a proxy already forwarding
     * @throws IOException when no local port can be had
     */
    public static TcpToggleProxy started(String targetHost, int targetPort) throws IOException {
        TcpToggleProxy proxy = new TcpToggleProxy(targetHost, targetPort);
        proxy.start();
        return proxy;
    }

    /**
     * @param targetHost the real server's host
     * @param targetPort the real server's port
     * @return a proxy whose port refuses connections until {@link #start()}
     * @throws IOException when no local port can be had
     */
    public static TcpToggleProxy stopped(String targetHost, int targetPort) throws IOException {
        return new TcpToggleProxy(targetHost, targetPort);
    }

    /** @return the local port clients connect to */
    public int port() {
        return port;
    }

    /**
     * Starts forwarding on {@link #port()}.
     *
     * @throws IOException when the port cannot be bound again
     */
    public synchronized void start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress("127.0.0.1", port));
        server = socket;
        Thread acceptor = new Thread(() -> accept(socket), "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Closes the port and cuts every forwarded connection, as a server that goes down does.
     *
     * @throws IOException when a socket cannot be closed
     */
    public synchronized void stop() throws IOException {
        if (server == null) {
            return;
        }
        server.close();
        for (Socket s : open) {
            s.close();
        }
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // Closed by stop(), or the target refused: the client sees a reset, like a real outage.
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // Connection ended.
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // Already closed.
                }
            }
        }, "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
