package io.pulse.streams.state;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small growable byte writer and a matching reader for Pulse's internal state and repartition records:
 * zig-zag varints, length-prefixed UTF-8 strings and exact decimals. Internal data never leaves Pulse, so it
 * trades Avro's schema machinery for compactness and speed.
 */
public final class Bin {
    private Bin() {}

    /** Appends to a byte array. */
    public static final class Writer {
        private byte[] buf;
        private int len;

        public Writer(int capacity) {
            buf = new byte[Math.max(capacity, 16)];
        }

        private void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        public Writer byte1(int b) {
            ensure(1);
            buf[len++] = (byte) b;
            return this;
        }

        /** Unsigned LEB128. */
        public Writer uvarint(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
            return this;
        }

        public Writer varint(long v) {
            return uvarint((v << 1) ^ (v >> 63));
        }

        /** Big-endian with the sign bit flipped, so that byte order equals numeric order. */
        public Writer orderedLong(long v) {
            ensure(8);
            long x = v ^ Long.MIN_VALUE;
            for (int i = 7; i >= 0; i--) {
                buf[len++] = (byte) (x >>> (8 * i));
            }
            return this;
        }

        /** Big-endian, as Kafka's {@code LongSerializer} writes it. */
        public Writer fixedLong(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) {
                buf[len++] = (byte) (v >>> (8 * i));
            }
            return this;
        }

        public Writer bytes(byte[] b) {
            uvarint(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        public Writer raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return this;
        }

        public Writer string(String s) {
            return bytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** A nullable string: 0 for null, else length + 1 and the bytes. */
        public Writer nullableString(String s) {
            if (s == null) {
                return uvarint(0);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uvarint(b.length + 1L);
            return raw(b);
        }

        /** Exact decimal: scale, then the unscaled value as a varint when it fits in 62 bits, else as bytes. */
        public Writer decimal(BigDecimal d) {
            BigInteger u = d.unscaledValue();
            if (u.bitLength() < 62) {
                uvarint(((long) d.scale() << 1));
                return varint(u.longValue());
            }
            uvarint(((long) d.scale() << 1) | 1);
            return bytes(u.toByteArray());
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    /** Reads what {@link Writer} wrote. */
    public static final class Reader {
        private final byte[] buf;
        private int pos;

        public Reader(byte[] buf) {
            this(buf, 0);
        }

        public Reader(byte[] buf, int offset) {
            this.buf = buf;
            this.pos = offset;
        }

        public int position() {
            return pos;
        }

        public int byte1() {
            return buf[pos++] & 0xFF;
        }

        public long uvarint() {
            long result = 0;
            int shift = 0;
            while (true) {
                byte b = buf[pos++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalStateException("malformed varint");
                }
            }
        }

        public long varint() {
            long raw = uvarint();
            return (raw >>> 1) ^ -(raw & 1);
        }

        public long orderedLong() {
            long x = 0;
            for (int i = 0; i < 8; i++) {
                x = (x << 8) | (buf[pos++] & 0xFF);
            }
            return x ^ Long.MIN_VALUE;
        }

        public long fixedLong() {
            long x = 0;
            for (int i = 0; i < 8; i++) {
                x = (x << 8) | (buf[pos++] & 0xFF);
            }
            return x;
        }

        /** Every byte not read yet. */
        public byte[] rest() {
            byte[] b = Arrays.copyOfRange(buf, pos, buf.length);
            pos = buf.length;
            return b;
        }

        public byte[] bytes() {
            int n = (int) uvarint();
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        public String string() {
            int n = (int) uvarint();
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        public String nullableString() {
            long n = uvarint();
            if (n == 0) {
                return null;
            }
            String s = new String(buf, pos, (int) n - 1, StandardCharsets.UTF_8);
            pos += (int) n - 1;
            return s;
        }

        public BigDecimal decimal() {
            long head = uvarint();
            int scale = (int) (head >>> 1);
            if ((head & 1) == 0) {
                return BigDecimal.valueOf(varint(), scale);
            }
            return new BigDecimal(new BigInteger(bytes()), scale);
        }
    }
}
