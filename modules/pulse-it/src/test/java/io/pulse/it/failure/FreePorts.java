package io.pulse.it.failure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports for the suite's processes. They are fixed per process role (a restarted broker must come back on the port
 * the service knows), so they are chosen up front, in a range ({@code -Dpulse.it.ports=23000-23999} by default)
 * that keeps them apart from other users of the machine.
 */
final class FreePorts {
    private static final AtomicInteger NEXT = new AtomicInteger(-1);

    private FreePorts() {}

    static synchronized int next() {
        String[] range = System.getProperty("pulse.it.ports", "23000-23999").split("-");
        int low = Integer.parseInt(range[0].trim());
        int high = Integer.parseInt(range[1].trim());
        int size = high - low + 1;
        NEXT.compareAndSet(-1, ThreadLocalRandom.current().nextInt(size));
        for (int i = 0; i < size; i++) {
            int port = low + Math.floorMod(NEXT.getAndIncrement(), size);
            if (free(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + low + "-" + high);
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
