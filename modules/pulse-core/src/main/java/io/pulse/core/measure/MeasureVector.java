package io.pulse.core.measure;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One value per {@link Measure}: whole counts as {@code long}, money as exact {@link BigDecimal}. Immutable;
 * {@link #plus(MeasureVector)} sums two vectors, which is how every window rolls up.
 */
public final class MeasureVector {
    public static final MeasureVector EMPTY =
            new MeasureVector(new long[Measure.count()], new BigDecimal[Measure.count()]);

    private final long[] counts;
    private final BigDecimal[] money;

    private MeasureVector(long[] counts, BigDecimal[] money) {
        this.counts = counts;
        this.money = money;
    }

    /** The value of a measure as an exact decimal (zero when never touched). */
    public BigDecimal get(Measure m) {
        if (m.isMoney()) {
            BigDecimal v = money[m.ordinal()];
            return v == null ? BigDecimal.ZERO : v;
        }
        return BigDecimal.valueOf(counts[m.ordinal()]);
    }

    /** The value of a count measure; money measures must use {@link #get(Measure)}. */
    public long count(Measure m) {
        if (m.isMoney()) {
            throw new IllegalArgumentException(m.id() + " is money; use get()");
        }
        return counts[m.ordinal()];
    }

    public boolean isEmpty() {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        for (BigDecimal b : money) {
            if (b != null && b.signum() != 0) {
                return false;
            }
        }
        return true;
    }

    public MeasureVector plus(MeasureVector other) {
        long[] c = counts.clone();
        BigDecimal[] m = money.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.addExact(c[i], other.counts[i]);
            if (other.money[i] != null) {
                m[i] = m[i] == null ? other.money[i] : m[i].add(other.money[i]);
            }
        }
        return new MeasureVector(c, m);
    }

    /** This vector less {@code other}: how a sliding window drops what has expired. */
    public MeasureVector minus(MeasureVector other) {
        long[] c = counts.clone();
        BigDecimal[] m = money.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.subtractExact(c[i], other.counts[i]);
            if (other.money[i] != null) {
                m[i] = m[i] == null ? other.money[i].negate() : m[i].subtract(other.money[i]);
            }
        }
        return new MeasureVector(c, m);
    }

    /** Every measure as a map, zeros included, in declaration order. */
    public Map<Measure, BigDecimal> asMap() {
        Map<Measure, BigDecimal> out = new EnumMap<>(Measure.class);
        for (Measure m : Measure.values()) {
            out.put(m, get(m));
        }
        return out;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        System.arraycopy(counts, 0, b.counts, 0, counts.length);
        System.arraycopy(money, 0, b.money, 0, money.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof MeasureVector other)) {
            return false;
        }
        if (!Arrays.equals(counts, other.counts)) {
            return false;
        }
        for (int i = 0; i < money.length; i++) {
            // 1.0 and 1.00 are the same amount of money.
            if (get(Measure.at(i)).compareTo(other.get(Measure.at(i))) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Arrays.hashCode(counts);
        for (BigDecimal b : money) {
            h = 31 * h
                    + (b == null || b.signum() == 0 ? 0 : b.stripTrailingZeros().hashCode());
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (Measure m : Measure.values()) {
            BigDecimal v = get(m);
            if (v.signum() != 0) {
                if (sb.length() > 1) {
                    sb.append(", ");
                }
                sb.append(m.id()).append('=').append(v.toPlainString());
            }
        }
        return sb.append('}').toString();
    }

    /** Accumulates measures; not thread-safe. */
    public static final class Builder {
        private final long[] counts = new long[Measure.count()];
        private final BigDecimal[] money = new BigDecimal[Measure.count()];

        public Builder add(Measure m, long n) {
            if (m.isMoney()) {
                return add(m, BigDecimal.valueOf(n));
            }
            counts[m.ordinal()] = Math.addExact(counts[m.ordinal()], n);
            return this;
        }

        public Builder add(Measure m, BigDecimal amount) {
            Objects.requireNonNull(amount, "amount");
            if (!m.isMoney()) {
                return add(m, amount.longValueExact());
            }
            BigDecimal cur = money[m.ordinal()];
            money[m.ordinal()] = cur == null ? amount : cur.add(amount);
            return this;
        }

        public Builder set(Measure m, BigDecimal value) {
            if (m.isMoney()) {
                money[m.ordinal()] = value;
            } else {
                counts[m.ordinal()] = value.longValueExact();
            }
            return this;
        }

        public MeasureVector build() {
            return new MeasureVector(counts.clone(), money.clone());
        }
    }
}
