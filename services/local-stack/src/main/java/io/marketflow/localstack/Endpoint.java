package io.marketflow.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Set;

/**
 * A host and port plus the environment variable that sets them, so every error about a port can say what to change.
 *
 * @param host the host clients connect to
 * @param port the TCP port
 * @param variable the environment variable that chooses this address
 */
public record Endpoint(String host, int port, String variable) {

    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1", "0.0.0.0");

    /** @return true when the stack may start a server for this address (it only ever starts servers on this machine) */
    public boolean isLocal() {
        return LOCAL_HOSTS.contains(host);
    }

    /** @return {@code host:port} */
    public String hostPort() {
        return host + ":" + port;
    }

    /** @return true when something accepts TCP connections on this address */
    public boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
