package dev.livedigits.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A grid of square grayscale images saved as a PNG, to look at what a generator draws. */
final class ContactSheet {

    private ContactSheet() {
    }

    /**
     * Writes {@code count} images of {@code side × side} bytes from {@code pixels}, each shrunk by area
     * averaging to {@code cell} pixels, {@code columns} to a row, in white on black with a one-pixel grey grid.
     */
    static void write(Path file, byte[] pixels, int side, int count, int cell, int columns) {
        int rows = (count + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * (cell + 1) + 1, rows * (cell + 1) + 1,
                BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < sheet.getHeight(); y++) {
            for (int x = 0; x < sheet.getWidth(); x++) {
                sheet.getRaster().setSample(x, y, 0, x % (cell + 1) == 0 || y % (cell + 1) == 0 ? 90 : 0);
            }
        }
        for (int i = 0; i < count; i++) {
            int ox = (i % columns) * (cell + 1) + 1;
            int oy = (i / columns) * (cell + 1) + 1;
            for (int cy = 0; cy < cell; cy++) {
                for (int cx = 0; cx < cell; cx++) {
                    int x0 = cx * side / cell;
                    int x1 = Math.max(x0 + 1, (cx + 1) * side / cell);
                    int y0 = cy * side / cell;
                    int y1 = Math.max(y0 + 1, (cy + 1) * side / cell);
                    long sum = 0;
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            sum += pixels[i * side * side + y * side + x] & 0xff;
                        }
                    }
                    sheet.getRaster().setSample(ox + cx, oy + cy, 0, (int) (sum / ((x1 - x0) * (y1 - y0))));
                }
            }
        }
        try {
            ImageIO.write(sheet, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
