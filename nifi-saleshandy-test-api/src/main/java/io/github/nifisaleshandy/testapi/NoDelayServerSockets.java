package io.github.nifisaleshandy.testapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;

/**
 * Server sockets whose accepted connections send at once (TCP_NODELAY). MockWebServer writes a response's head and body
 * in separate writes; with Nagle's algorithm on, the body then waits for the client's delayed ACK, about 40 ms on
 * Linux loopback, which benchmarks would measure as the processor's paging overhead.
 */
public final class NoDelayServerSockets extends ServerSocketFactory {

    @Override
    public ServerSocket createServerSocket() throws IOException {
        return new ServerSocket() {
            @Override
            public Socket accept() throws IOException {
                final Socket socket = super.accept();
                socket.setTcpNoDelay(true);
                return socket;
            }
        };
    }

    @Override
    public ServerSocket createServerSocket(final int port) {
        throw unbound();
    }

    @Override
    public ServerSocket createServerSocket(final int port, final int backlog) {
        throw unbound();
    }

    @Override
    public ServerSocket createServerSocket(final int port, final int backlog, final InetAddress address) {
        throw unbound();
    }

    /** MockWebServer creates its socket unbound and binds it itself; the bound variants would skip accept's setting. */
    private static UnsupportedOperationException unbound() {
        return new UnsupportedOperationException("MockWebServer binds the server socket itself: use createServerSocket()");
    }
}
