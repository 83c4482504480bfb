package io.pulse.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized growable byte buffer, reused per thread by the serializer so a record costs
 * one array copy and no locking (ByteArrayOutputStream synchronizes every write).
 */
final class ReusableOutput extends OutputStream {

    /** A buffer grown past this by one huge record is not kept for the next one. */
    static final int MAX_RETAINED = 1 << 20;

    private byte[] buffer = new byte[512];
    private int count;

    void reset() {
        count = 0;
    }

    boolean oversized() {
        return buffer.length > MAX_RETAINED;
    }

    @Override
    public void write(int b) {
        ensure(1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
        ensure(length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, count);
    }

    private void ensure(int more) {
        if (count + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
        }
    }
}
