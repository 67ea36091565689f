package org.drjenkins.engine.failover.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Opens a TCP connection and closes it: is anything accepting on the port? */
public final class TcpHealthCheck implements HealthCheck {

    private final String host;
    private final int port;
    private final Duration timeout;

    public TcpHealthCheck(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public HealthResult check() {
        Probe probe = new Probe();
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            return probe.failed("host " + host + " not found");
        }
        try (Socket socket = new Socket()) {
            socket.connect(address, (int) Math.max(1, timeout.toMillis()));
            return probe.healthy("TCP " + target() + " accepted a connection");
        } catch (SocketTimeoutException e) {
            return probe.failed("TCP " + target() + " did not accept within " + Probe.seconds(timeout));
        } catch (IOException | RuntimeException e) {
            return probe.failed("TCP " + target() + ": " + Probe.reason(e));
        }
    }

    private String target() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String describe() {
        return "TCP connect to " + target();
    }

    @Override
    public String toString() {
        return describe();
    }
}
