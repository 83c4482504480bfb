package io.pulse.dev.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The demo's ports: the one asked for when it is free, else any free one, said in one line. */
final class Ports {
    private static final Logger LOGGER = LoggerFactory.getLogger(Ports.class);

    private Ports() {}

    /**
     * {@code requested} when nothing listens on it, else 0 (the server picks a free port), with a warning.
     *
     * @param what   what listens, for the warning ("HTTP API")
     * @param option the option that chooses the port ("--port")
     */
    static int requestedOrAny(String what, String option, int requested) {
        if (requested == 0 || isFree(requested)) {
            return requested;
        }
        LOGGER.warn(
                "Port {} for the {} is in use: the {} takes a free port instead (printed below; choose one "
                        + "with {})",
                requested,
                what,
                what,
                option);
        return 0;
    }

    /**
     * Whether {@code port} can be bound on every interface. Binding the wildcard address fails when anything
     * listens on the port, on any address, so this errs on the side of "taken".
     */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // A port left in TIME_WAIT by the previous run is free for the servers, which reuse addresses too.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
