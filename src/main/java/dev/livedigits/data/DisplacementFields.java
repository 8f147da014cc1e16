package dev.livedigits.data;

/**
 * A bank of smooth random displacement fields for elastic distortion (Simard, Steinkraus &amp; Platt 2003:
 * uniform noise in [-1, 1] per pixel, smoothed by a Gaussian of σ; the caller scales it by α).
 *
 * <p>Smoothing a fresh field per sample costs far more than drawing the digit, so the fields are made once and a
 * sample picks two of them (one per axis) at a random offset. The fields are periodic — noise on a torus of
 * {@value #SIDE} source pixels, smoothed with wrap-around — so every offset is an equally good field and
 * reading one needs a mask, not a bounds check. The period is larger than a digit's 28×28 frame plus σ, so a
 * digit does not see the same displacement twice.
 *
 * <p>One value per source pixel, as 16.16 fixed-point source pixels per unit α in a short: a sample reads
 * 2 × 2 KB, which stays in cache, where an int per half pixel (16 KB a field) measured slower. Within a source
 * pixel the displacement is constant; between neighbours it changes by about α·rms/σ ≈ 0.2 px, finer than the
 * canvas can show after normalizing.
 */
final class DisplacementFields {

    static final int LOG_SIDE = 5;
    /** Source pixels after which a field repeats, a power of two. */
    static final int SIDE = 1 << LOG_SIDE;
    static final int MASK = SIDE - 1;
    static final int CELLS = SIDE * SIDE;

    private final int count;
    private final short[] values;
    private final double largest;

    /**
     * @param count how many fields
     * @param sigma the Gaussian's σ in source pixels
     * @param seed  the fields depend only on (count, sigma, seed)
     */
    DisplacementFields(int count, double sigma, long seed) {
        this.count = count;
        this.values = new short[count * CELLS];
        SampleRandom random = new SampleRandom();
        random.reseed(seed);
        double[] kernel = gaussian(sigma);
        double[] noise = new double[CELLS];
        double[] blurred = new double[CELLS];
        double largest = 0;
        for (int f = 0; f < count; f++) {
            for (int i = 0; i < CELLS; i++) {
                noise[i] = random.signedUnit();
            }
            blurWrapped(noise, blurred, kernel, 1, SIDE);
            blurWrapped(blurred, noise, kernel, SIDE, 1);
            for (int i = 0; i < CELLS; i++) {
                long fixed = Math.round(noise[i] * (1 << 16));
                if (fixed != (short) fixed) {
                    throw new IllegalArgumentException("sigma " + sigma + " gives displacements too large to store");
                }
                values[f * CELLS + i] = (short) fixed;
                largest = Math.max(largest, Math.abs(noise[i]));
            }
        }
        this.largest = largest;
    }

    int count() {
        return count;
    }

    /** All fields, field after field, {@link #CELLS} each, row-major; read-only. */
    short[] values() {
        return values;
    }

    /** The largest |displacement| of any field, in source pixels per unit α. */
    double largest() {
        return largest;
    }

    /** A normalized Gaussian, truncated at 3σ. */
    private static double[] gaussian(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }

    /** One pass of the Gaussian along the axis whose neighbours are {@code stride} apart, wrapping around. */
    private static void blurWrapped(double[] src, double[] dst, double[] kernel, int stride, int lineStride) {
        int radius = kernel.length / 2;
        for (int line = 0; line < SIDE; line++) {
            int base = line * lineStride;
            for (int i = 0; i < SIDE; i++) {
                double sum = 0;
                for (int k = -radius; k <= radius; k++) {
                    sum += kernel[k + radius] * src[base + Math.floorMod(i + k, SIDE) * stride];
                }
                dst[base + i * stride] = sum;
            }
        }
    }
}
