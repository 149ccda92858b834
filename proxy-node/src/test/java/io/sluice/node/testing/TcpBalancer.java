package io.sluice.node.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a Kubernetes Service in front of node pods: each new TCP connection goes to the
 * first target port that accepts it ({@link #alternating} starts each at the next target in turn, as
 * a Service without sticky sessions spreads them), and bytes are relayed both ways until either side
 * closes. A node that stops accepting (draining or gone) thus loses new connections to the next one.
 */
public final class TcpBalancer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Integer> targets;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final boolean alternate;
    private int next;

    public TcpBalancer(List<Integer> targets) throws IOException {
        this(targets, false);
    }

    /** Connections go to each target in turn. */
    public static TcpBalancer alternating(List<Integer> targets) throws IOException {
        return new TcpBalancer(targets, true);
    }

    private TcpBalancer(List<Integer> targets, boolean alternate) throws IOException {
        this.targets = targets;
        this.alternate = alternate;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "balancer-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + server.getLocalPort() + "/connection/websocket";
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = connectToFirstAlive();
                if (upstream == null) {
                    client.close();
                    continue;
                }
                sockets.add(client);
                sockets.add(upstream);
                relay(client, upstream);
                relay(upstream, client);
            } catch (IOException e) {
                // closed
            }
        }
    }

    private Socket connectToFirstAlive() {
        int first = alternate ? next++ % targets.size() : 0;
        for (int i = 0; i < targets.size(); i++) {
            int port = targets.get((first + i) % targets.size());
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                socket.setTcpNoDelay(true);
                return socket;
            } catch (IOException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
            }
        }
        return null;
    }

    private void relay(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "balancer-relay");
        pump.setDaemon(true);
        pump.start();
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(this::closeQuietly);
    }
}
