package io.pulse.streams.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class WatermarkTrackersTest {
    private static final long T = 1_000_000L;

    @Nested
    class Partitions {
        @Test
        void shouldBeHeldBackByAPartitionNotHeardFrom() {
            // Given two partitions, only one of which has events
            PartitionProgress p = new PartitionProgress(List.of("a", "b"), 5_000, true, 0);

            // When a's event time moves on, within the idle timeout
            p.onEvent("a", T, 100);

            // Then b holds the watermark back
            assertThat(p.advance(200)).isEqualTo(Watermarks.NONE);
        }

        @Test
        void shouldTakeTheSmallestProgressAndNeverGoBack() {
            PartitionProgress p = new PartitionProgress(List.of("a", "b"), 5_000, true, 0);
            p.onEvent("a", T + 500, 10);
            p.onEvent("b", T + 100, 10);
            assertThat(p.advance(20)).isEqualTo(T + 100);

            // A record older than the watermark (disorder within a partition) does not move it back
            p.onEvent("b", T + 50, 30);
            assertThat(p.advance(40)).isEqualTo(T + 100);
        }

        @Test
        void shouldExcuseAnIdlePartitionAndFollowTheWallClockWhenAllAreIdle() {
            PartitionProgress p = new PartitionProgress(List.of("a", "b"), 5_000, true, 0);
            p.onEvent("a", T, 1_000);

            // b silent for the idle timeout: excused; a still active
            assertThat(p.advance(5_500)).isEqualTo(T);
            assertThat(p.idle(5_500)).isEqualTo(1);

            // both silent while the task reads (the reading tasks' marks arrive every second): the wall clock
            // advances the watermark (live and caught up)
            for (long now = 6_000; now <= T + 10_000; now += 1_000) {
                p.onAlive(now);
            }
            assertThat(p.advance(T + 10_000)).isEqualTo(T + 10_000);
            assertThat(p.horizon()).isEqualTo(T + 10_000);
        }

        @Test
        void shouldCountMarksArrivingOneCommitIntervalApartAsReading() {
            // Given a 30 s commit interval: the reading tasks' marks become visible 30 s apart (liveness 65 s)
            PartitionProgress p = new PartitionProgress(List.of("a", "b"), 5_000, 65_000, true, 0);
            p.onEvent("a", 500, 1_000);
            p.onEvent("b", 500, 1_000);

            // When the next marks arrive at 30 s and 60 s
            p.onAlive(30_000);
            assertThat(p.advance(36_000)).isEqualTo(36_000);
            p.onAlive(60_000);

            // Then the task counts as reading throughout, and the caught-up partitions let the wall clock lead
            assertThat(p.reading(89_000)).isTrue();
            assertThat(p.advance(89_000)).isEqualTo(89_000);

            // and only a gap longer than the liveness window holds the watermark
            assertThat(p.reading(126_000)).isFalse();
            assertThat(p.advance(126_000)).isEqualTo(89_000);
        }

        @Test
        void shouldHoldTheWatermarkWhileNothingIsReadAndCountSilenceFromWhenReadingResumes() {
            // Given two caught-up partitions, the reading tasks' marks arriving every second, the wall clock leading
            PartitionProgress p = new PartitionProgress(List.of("a", "b"), 5_000, true, 0);
            p.onEvent("a", 500, 1_000);
            p.onEvent("b", 500, 1_000);
            p.onAlive(3_000);
            p.onAlive(5_000);
            assertThat(p.advance(6_000)).isEqualTo(6_000);

            // When nothing at all arrives for longer than the idle timeout (the broker is unreachable)
            // Then silence proves nothing: the watermark holds instead of following the wall clock
            assertThat(p.reading(60_000)).isFalse();
            assertThat(p.advance(60_000)).isEqualTo(6_000);
            assertThat(p.idle(60_000)).isZero();

            // When reading resumes, each partition's silence counts from then: a's new event leads once b is idle
            p.onAlive(61_000);
            p.onEvent("a", 50_000, 62_500);
            p.onAlive(64_000);
            assertThat(p.advance(65_000)).isEqualTo(6_000);
            p.onAlive(66_000);
            assertThat(p.advance(66_000)).isEqualTo(50_000);

            // and once a too has been silent for the idle timeout while reading, the wall clock leads again
            p.onAlive(67_000);
            assertThat(p.advance(68_000)).isEqualTo(68_000);
        }

        @Test
        void shouldNotFollowTheWallClockWithoutIdlenessAndEndWithTheInput() {
            // Given replay's settings: no idleness, no wall clock
            PartitionProgress p = new PartitionProgress(List.of("a", "b"), 0, false, 0);
            p.onEvent("a", T, 0);
            assertThat(p.advance(1_000_000_000)).isEqualTo(Watermarks.NONE);

            // When b's input ends, then a's
            p.onEnd("b", 0);
            assertThat(p.advance(0)).isEqualTo(T);
            p.onEnd("a", 0);

            // Then the end of the input is the last watermark
            assertThat(p.advance(0)).isEqualTo(Watermarks.END);
            assertThat(p.horizon()).isEqualTo(T);
        }

        @Test
        void shouldResumeFromAStoredWatermark() {
            PartitionProgress p = new PartitionProgress(List.of("a"), 0, false, 0);
            p.restore(T, T + 5);
            p.onEvent("a", T - 100, 0);
            assertThat(p.advance(0)).isEqualTo(T);
            assertThat(p.horizon()).isEqualTo(T + 5);
        }
    }

    @Nested
    class Upstream {
        @Test
        void shouldWaitForEverySourceAndTakeTheMinimum() {
            UpstreamMarks u = new UpstreamMarks(3);
            u.accept(new Mark(0, T, T));
            u.accept(new Mark(1, T + 10, T + 20));
            assertThat(u.watermark()).as("source 2 unheard").isEqualTo(Watermarks.NONE);
            assertThat(u.accept(new Mark(2, T + 5, T + 30))).isTrue();
            assertThat(u.watermark()).isEqualTo(T);
            assertThat(u.horizon()).isEqualTo(T + 30);
        }

        @Test
        void shouldIgnoreAnOlderMarkAndASourceOutOfRange() {
            UpstreamMarks u = new UpstreamMarks(1);
            u.accept(new Mark(0, T, T));
            assertThat(u.accept(new Mark(0, T - 1, T - 1))).isFalse();
            assertThat(u.accept(new Mark(5, T + 100, T + 100))).isFalse();
            assertThat(u.watermark()).isEqualTo(T);
        }
    }

    @Test
    void shouldCloseAWindowOnlyWhenTheWatermarkPassesItsEndPlusGrace() {
        assertThat(Watermarks.closed(T, 600, Watermarks.NONE)).isFalse();
        assertThat(Watermarks.closed(T, 600, T + 599)).isFalse();
        assertThat(Watermarks.closed(T, 600, T + 600)).isTrue();
        assertThat(Watermarks.closed(T, 600, Watermarks.END)).isTrue();
    }
}
