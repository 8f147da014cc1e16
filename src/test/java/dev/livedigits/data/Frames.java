package dev.livedigits.data;

/** Builds and measures frames for the normalizer and augmenter tests. */
final class Frames {

    private Frames() {
    }

    /** A copy of image {@code i} of the set. */
    static byte[] image(LabeledImages set, int i) {
        byte[] image = new byte[784];
        System.arraycopy(set.pixels(), set.offset(i), image, 0, 784);
        return image;
    }

    /**
     * Draws {@code src} (side × side) enlarged {@code factor} times with bilinear interpolation, the way a
     * browser scales a bitmap, into a frame of side {@code frameSide} with its top-left corner at (x, y).
     */
    static byte[] enlarge(byte[] src, int side, int factor, int frameSide, int x, int y) {
        byte[] frame = new byte[frameSide * frameSide];
        for (int fy = 0; fy < side * factor; fy++) {
            for (int fx = 0; fx < side * factor; fx++) {
                double sx = (fx + 0.5) / factor - 0.5;
                double sy = (fy + 0.5) / factor - 0.5;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double ax = sx - x0;
                double ay = sy - y0;
                double v = (1 - ax) * (1 - ay) * at(src, side, x0, y0) + ax * (1 - ay) * at(src, side, x0 + 1, y0)
                        + (1 - ax) * ay * at(src, side, x0, y0 + 1) + ax * ay * at(src, side, x0 + 1, y0 + 1);
                frame[(y + fy) * frameSide + x + fx] = (byte) Math.round(v);
            }
        }
        return frame;
    }

    /** Draws {@code src} (28×28) enlarged {@code factor} times by pixel replication, top-left at (x, y). */
    static byte[] replicate(byte[] src, int factor, int frameSide, int x, int y) {
        byte[] frame = new byte[frameSide * frameSide];
        for (int fy = 0; fy < 28 * factor; fy++) {
            for (int fx = 0; fx < 28 * factor; fx++) {
                frame[(y + fy) * frameSide + x + fx] = src[fy / factor * 28 + fx / factor];
            }
        }
        return frame;
    }

    /** Draws {@code src} (28×28) shrunk to 14×14 by averaging 2×2 blocks, top-left at (x, y). */
    static byte[] halve(byte[] src, int frameSide, int x, int y) {
        byte[] frame = new byte[frameSide * frameSide];
        for (int hy = 0; hy < 14; hy++) {
            for (int hx = 0; hx < 14; hx++) {
                int sum = at(src, 28, 2 * hx, 2 * hy) + at(src, 28, 2 * hx + 1, 2 * hy)
                        + at(src, 28, 2 * hx, 2 * hy + 1) + at(src, 28, 2 * hx + 1, 2 * hy + 1);
                frame[(y + hy) * frameSide + x + hx] = (byte) ((sum + 2) / 4);
            }
        }
        return frame;
    }

    private static int at(byte[] src, int side, int x, int y) {
        return x < 0 || y < 0 || x >= side || y >= side ? 0 : src[y * side + x] & 0xff;
    }

    /** Mean absolute difference per pixel between two 28×28 images, in grey levels. */
    static double meanAbsDiff(byte[] a, byte[] b) {
        long sum = 0;
        for (int i = 0; i < 784; i++) {
            sum += Math.abs((a[i] & 0xff) - (b[i] & 0xff));
        }
        return sum / 784.0;
    }

    /** The smallest mean absolute difference over shifts of {@code b} by up to one pixel each way. */
    static double alignedMeanAbsDiff(byte[] a, byte[] b) {
        double best = Double.MAX_VALUE;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                long sum = 0;
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        sum += Math.abs((a[y * 28 + x] & 0xff) - at(b, 28, x + dx, y + dy));
                    }
                }
                best = Math.min(best, sum / 784.0);
            }
        }
        return best;
    }

    /** Centre of mass {x, y} of a 28×28 image in index coordinates. */
    static double[] centreOfMass(byte[] image) {
        double mass = 0;
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < 784; i++) {
            int v = image[i] & 0xff;
            mass += v;
            sx += v * (i % 28);
            sy += v * (i / 28);
        }
        return new double[] {sx / mass, sy / mass};
    }

    /** {width, height} of the bounding box of the non-zero pixels of a 28×28 image. */
    static int[] boxSize(byte[] image) {
        int left = 28;
        int right = -1;
        int top = 28;
        int bottom = -1;
        for (int i = 0; i < 784; i++) {
            if (image[i] != 0) {
                left = Math.min(left, i % 28);
                right = Math.max(right, i % 28);
                top = Math.min(top, i / 28);
                bottom = Math.max(bottom, i / 28);
            }
        }
        return new int[] {right - left + 1, bottom - top + 1};
    }

    static int max(byte[] image) {
        int max = 0;
        for (byte b : image) {
            max = Math.max(max, b & 0xff);
        }
        return max;
    }

    /** Total ink: the sum of all pixel values. */
    static long sum(byte[] image) {
        long sum = 0;
        for (byte b : image) {
            sum += b & 0xff;
        }
        return sum;
    }

    /**
     * Nearest class mean of the MNIST training set: a crude classifier standing in for the network, to
     * check that a transformation keeps a digit on the same side of the decision boundaries.
     */
    static int nearestClassMean(byte[] image) {
        double[][] means = classMeans();
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int d = 0; d < 10; d++) {
            double distance = 0;
            for (int i = 0; i < 784; i++) {
                double e = (image[i] & 0xff) - means[d][i];
                distance += e * e;
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = d;
            }
        }
        return best;
    }

    private static double[][] classMeans;

    private static synchronized double[][] classMeans() {
        if (classMeans == null) {
            LabeledImages train = Mnist.train();
            double[][] sums = new double[10][784];
            int[] counts = train.labelCounts();
            for (int n = 0; n < train.count(); n++) {
                int offset = train.offset(n);
                double[] sum = sums[train.label(n)];
                for (int i = 0; i < 784; i++) {
                    sum[i] += train.pixels()[offset + i] & 0xff;
                }
            }
            for (int d = 0; d < 10; d++) {
                for (int i = 0; i < 784; i++) {
                    sums[d][i] /= counts[d];
                }
            }
            classMeans = sums;
        }
        return classMeans;
    }
}
