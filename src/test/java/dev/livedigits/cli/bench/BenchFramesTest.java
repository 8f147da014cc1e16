package dev.livedigits.cli.bench;

import dev.livedigits.data.LabeledImages;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchFramesTest {

    @Test
    @DisplayName("nearest-neighbour upscaling: every output pixel copies the source pixel under it")
    void upscale() {
        byte[] src = new byte[2 * 28 * 28];
        for (int i = 0; i < src.length; i++) {
            src[i] = (byte) (i * 31);
        }
        int offset = 28 * 28;
        for (int side : new int[] {112, 280, 100}) {
            byte[] out = BenchFrames.upscale(src, offset, 28, side);
            assertEquals(side * side, out.length);
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    int sy = (int) Math.floor(y * 28.0 / side);
                    int sx = (int) Math.floor(x * 28.0 / side);
                    assertEquals(src[offset + sy * 28 + sx], out[y * side + x], side + ": pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    @DisplayName("side 28 sends the digit as it is; at most the requested count of frames")
    void identityAndCount() {
        byte[] pixels = new byte[3 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) i;
        }
        LabeledImages images = new LabeledImages(3, 28, pixels, new byte[] {1, 2, 3});
        BenchFrames frames = BenchFrames.of(images, 2, 28);
        assertEquals(2, frames.count());
        assertArrayEquals(java.util.Arrays.copyOfRange(pixels, 784, 1568), frames.get(1).getBytes());
        assertEquals(3, BenchFrames.of(images, 1000, 56).count());
        assertEquals(56 * 56, BenchFrames.of(images, 1000, 56).get(0).length());
    }

    @Test
    @DisplayName("1000 distinct digits up to 280 x 280; the largest frames are fewer so memory stays bounded")
    void countsPerSide() {
        assertEquals(1000, BenchFrames.countFor(28));
        assertEquals(1000, BenchFrames.countFor(280));
        assertEquals(512, BenchFrames.countFor(512));
    }
}
