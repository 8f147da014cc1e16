package dev.livedigits.data;

import java.util.Arrays;

/**
 * Random distortions of MNIST digits for training, rendered and then passed through the {@link Normalizer},
 * so the network trains on exactly the kind of input the canvas will send.
 *
 * <p>A sample is: rotate, shear, scale each axis independently and shift the 28×28 digit onto a canvas
 * {@value #UPSAMPLE}× finer than the source (inverse mapping), sometimes thicken or thin the strokes, then
 * normalize. The normalizer undoes size and position — by design, as it will for the canvas — so what
 * survives is what matters: slant, rotation, aspect ratio, stroke width, and the sampling phase.
 *
 * <p>Sampling is nearest-pixel on the finer canvas, i.e. each source pixel is drawn as the little square
 * the normalizer's area averaging assumes; averaging the canvas back down then anti-aliases the edges
 * (supersampling). Bilinear sampling was tried first and measured worse: it spreads every edge half a pixel
 * outwards, that faint fringe counts towards the bounding box, and so even an undistorted digit came back
 * 5 % smaller with 9 % less ink (mean abs diff 11 grey levels); with squares it comes back exactly. The finer
 * canvas also makes a one-pixel thicken or thin a half-source-pixel change, about what two pen widths
 * differ by; at 1× thinning kept only 44 % of the ink. It costs 8 µs per sample instead of 4.
 *
 * <p>Every random number comes from the sample seed alone (a SplitMix64 stream on a local long), so a sample
 * depends only on (image, seed), never on which thread renders it or in which order. Not thread-safe
 * (scratch buffers); one instance per thread. Allocation-free after construction.
 */
public final class Augmenter {

    /**
     * How strong the distortions may be; each is drawn uniformly from its range per sample.
     *
     * @param enabled            false: {@link #augment} is exactly {@link Normalizer#toMnist} of the source
     * @param maxRotationDegrees rotation in [-max, max]
     * @param maxShear           horizontal shear factor in [-max, max] (x += shear × y): slant
     * @param minScale           lower end of the per-axis scale range
     * @param maxScale           upper end; x and y are drawn independently so the aspect ratio changes
     * @param maxShiftPixels     shift in [-max, max] source pixels per axis; the normalizer recentres,
     *                           so it only moves the sampling grid against the distorted digit
     * @param thickenProbability chance of a 3×3-cross dilation of the strokes
     * @param thinProbability    chance of a 3×3-cross erosion (never one that would erase the digit)
     */
    public record Settings(boolean enabled, double maxRotationDegrees, double maxShear, double minScale,
            double maxScale, double maxShiftPixels, double thickenProbability, double thinProbability) {

        public Settings {
            if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 90)) {
                throw new IllegalArgumentException("maxRotationDegrees " + maxRotationDegrees + " outside 0..90");
            }
            if (!(maxShear >= 0 && maxShear <= 1)) {
                throw new IllegalArgumentException("maxShear " + maxShear + " outside 0..1");
            }
            if (!(minScale >= 0.25 && minScale <= maxScale && maxScale <= 2)) {
                throw new IllegalArgumentException(
                        "scale range " + minScale + ".." + maxScale + " must satisfy 0.25 <= min <= max <= 2");
            }
            if (!(maxShiftPixels >= 0 && maxShiftPixels <= 8)) {
                throw new IllegalArgumentException("maxShiftPixels " + maxShiftPixels + " outside 0..8");
            }
            if (!(thickenProbability >= 0 && thinProbability >= 0 && thickenProbability + thinProbability <= 1)) {
                throw new IllegalArgumentException("thicken " + thickenProbability + " and thin " + thinProbability
                        + " probabilities must be >= 0 and add up to at most 1");
            }
        }

        /** Rotation ±12°, shear ±0.25, scale 0.85..1.15 per axis, shift ±2 px, thicken 20 %, thin 20 %. */
        public static Settings defaults() {
            return new Settings(true, 12, 0.25, 0.85, 1.15, 2, 0.2, 0.2);
        }

        /** No distortion: samples are the normalized source images. */
        public static Settings none() {
            return new Settings(false, 0, 0, 1, 1, 0, 0, 0);
        }
    }

    /** Canvas pixels per source pixel. */
    static final int UPSAMPLE = 2;

    private static final int SIDE = MnistDataset.SIDE;
    /** Free canvas pixels around the rendered ink: one for dilation to grow into, one to spare. */
    private static final int MARGIN = 2;

    /** Sample positions are 16.16 fixed point. */
    private static final int FRACTION_BITS = 16;

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final Settings settings;
    private final int upsample;
    private final Normalizer normalizer = new Normalizer();
    private final InkBox sourceInk = new InkBox(SIDE);
    private final int maxCanvasSide;
    private final byte[] canvas;
    private final byte[] morphed;

    public Augmenter(Settings settings) {
        this(settings, UPSAMPLE);
    }

    /** With another canvas resolution, to measure what the finer canvas buys. */
    Augmenter(Settings settings, int upsample) {
        if (upsample < 1) {
            throw new IllegalArgumentException("upsample " + upsample + " must be at least 1");
        }
        this.settings = settings;
        this.upsample = upsample;
        // The ink's box is at most the 28×28 frame; shear widens it by (1 + shear), and rotation by any
        // angle grows the longer side by at most √2.
        double stretch = settings.maxScale() * (1 + settings.maxShear()) * Math.sqrt(2);
        this.maxCanvasSide = Math.max(Normalizer.MIN_SIDE,
                (int) Math.ceil((SIDE + 1) * stretch * upsample) + 2 * MARGIN + 2);
        if (maxCanvasSide > Normalizer.MAX_SIDE) {
            throw new IllegalArgumentException("a canvas of side " + maxCanvasSide + " would exceed the normalizer's "
                    + Normalizer.MAX_SIDE + "; lower the scale, shear or upsampling");
        }
        this.canvas = new byte[maxCanvasSide * maxCanvasSide];
        this.morphed = new byte[maxCanvasSide * maxCanvasSide];
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Renders one distorted, normalized sample of the 28×28 image at {@code src[srcOffset]} into the 784
     * bytes at {@code out[outOffset]}. The result depends only on the image and {@code sampleSeed}.
     */
    public void augment(byte[] src, int srcOffset, long sampleSeed, byte[] out, int outOffset) {
        if (!settings.enabled() || !render(src, srcOffset, sampleSeed)) {
            normalizer.toMnist(src, srcOffset, SIDE, out, outOffset);
            return;
        }
        if (!normalizer.toMnist(drawn, 0, canvasSide, out, outOffset)) {
            // Cannot happen for real digits (the canvas keeps their strong pixels); never train on a blank.
            normalizer.toMnist(src, srcOffset, SIDE, out, outOffset);
        }
    }

    /**
     * A seed for one sample of one epoch of one run, so that each (epoch, index) sees its own distortion
     * and a run is reproducible. SplitMix64 finalizers mix the three; they are bijective and avalanche, so
     * neighbouring indices get unrelated seeds.
     */
    public static long sampleSeed(long runSeed, int epoch, int index) {
        long h = mix(runSeed);
        h = mix(h + GOLDEN_GAMMA * (epoch + 1L));
        return mix(h + GOLDEN_GAMMA * (index + 1L));
    }

    // -- rendering ------------------------------------------------------------------------------------

    /** The finished drawing, {@link #canvas} or {@link #morphed}, and its side. */
    private byte[] drawn;
    private int canvasSide;

    /** Draws the distorted digit into {@link #drawn}; false if the source has no ink to draw. */
    private boolean render(byte[] src, int srcOffset, long seed) {
        if (srcOffset < 0 || srcOffset > src.length - SIDE * SIDE) {
            throw new IndexOutOfBoundsException("source needs " + SIDE * SIDE + " bytes from offset " + srcOffset
                    + ", the array has " + src.length);
        }
        // The draws, always all of them and in this order, so one setting does not reshuffle the others.
        long state = seed;
        double angle = Math.toRadians(settings.maxRotationDegrees()) * signedUnit(state += GOLDEN_GAMMA);
        double shear = settings.maxShear() * signedUnit(state += GOLDEN_GAMMA);
        double scaleX = between(settings.minScale(), settings.maxScale(), state += GOLDEN_GAMMA);
        double scaleY = between(settings.minScale(), settings.maxScale(), state += GOLDEN_GAMMA);
        double shiftX = settings.maxShiftPixels() * signedUnit(state += GOLDEN_GAMMA);
        double shiftY = settings.maxShiftPixels() * signedUnit(state += GOLDEN_GAMMA);
        double stroke = unit(state += GOLDEN_GAMMA);

        // Source ink box; a digit without ink is left to the normalizer's verdict.
        if (!sourceInk.find(src, srcOffset, SIDE)) {
            return false;
        }
        int left = sourceInk.left;
        int right = sourceInk.right;
        int top = sourceInk.top;
        int bottom = sourceInk.bottom;

        // Forward map in source pixels about the frame centre: M = rotation · shear · scale; canvas = U·M·p.
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double m00 = cos * scaleX;
        double m01 = (cos * shear - sin) * scaleY;
        double m10 = sin * scaleX;
        double m11 = (sin * shear + cos) * scaleY;

        // Where the ink's box [left, right + 1) × [top, bottom + 1) lands, to size the canvas tightly.
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int corner = 0; corner < 4; corner++) {
            double px = ((corner & 1) == 0 ? left : right + 1) - SIDE / 2.0 + shiftX;
            double py = ((corner & 2) == 0 ? top : bottom + 1) - SIDE / 2.0 + shiftY;
            double qx = upsample * (m00 * px + m01 * py);
            double qy = upsample * (m10 * px + m11 * py);
            minX = Math.min(minX, qx);
            maxX = Math.max(maxX, qx);
            minY = Math.min(minY, qy);
            maxY = Math.max(maxY, qy);
        }
        // A whole-pixel origin keeps the shift's fractional part as the sampling phase.
        double originX = Math.floor(minX) - MARGIN;
        double originY = Math.floor(minY) - MARGIN;
        int side = (int) Math.max(Math.ceil(maxX) - originX, Math.ceil(maxY) - originY) + MARGIN;
        side = Math.min(maxCanvasSide, Math.max(Normalizer.MIN_SIDE, side));
        canvasSide = side;

        // Inverse map: canvas pixel centre → source coordinates (pixel i spans [i, i+1)), stepped in 16.16
        // fixed point: integer adds and shifts, no float-to-int conversion per sample.
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det / upsample;
        double i01 = -m01 / det / upsample;
        double i10 = -m10 / det / upsample;
        double i11 = m00 / det / upsample;
        double centre = SIDE / 2.0;
        int stepX = fixed(i00);
        int stepY = fixed(i10);
        Arrays.fill(canvas, 0, side * side, (byte) 0);
        for (int y = 0; y < side; y++) {
            double qx = originX + 0.5;
            double qy = originY + y + 0.5;
            int fx = fixed(i00 * qx + i01 * qy - shiftX + centre);
            int fy = fixed(i10 * qx + i11 * qy - shiftY + centre);
            // The stretch of this row that falls on the ink's box; the rest is background.
            int start = Math.max(firstInside(fx, stepX, left, right, side), firstInside(fy, stepY, top, bottom, side));
            int end = Math.min(lastInside(fx, stepX, left, right, side), lastInside(fy, stepY, top, bottom, side));
            int row = y * side;
            fx += start * stepX;
            fy += start * stepY;
            for (int x = start; x <= end; x++, fx += stepX, fy += stepY) {
                canvas[row + x] = src[srcOffset + (fy >> FRACTION_BITS) * SIDE + (fx >> FRACTION_BITS)];
            }
        }

        drawn = canvas;
        if (stroke < settings.thickenProbability()) {
            morph(side, true);
            drawn = morphed;
        } else if (stroke < settings.thickenProbability() + settings.thinProbability() && morph(side, false)) {
            drawn = morphed; // unless thinning would have erased the stroke
        }
        return true;
    }

    /**
     * The first step x in 0..side-1 at which {@code (f + x·step) >> 16} lies in [low, high] (or side if none):
     * the row-walk's entry into the ink's box along one coordinate, solved exactly in integers.
     */
    private static int firstInside(int f, int step, int low, int high, int side) {
        long lowF = (long) low << FRACTION_BITS;
        long highF = ((long) (high + 1) << FRACTION_BITS) - 1;
        if (step == 0) {
            return f >= lowF && f <= highF ? 0 : side;
        }
        long bound = step > 0 ? lowF : highF; // the side of the box the walk enters through
        return (int) Math.max(0, ceilDiv(bound - f, step));
    }

    /** The last step x at which the walk is still inside [low, high] (or -1 if never). */
    private static int lastInside(int f, int step, int low, int high, int side) {
        long lowF = (long) low << FRACTION_BITS;
        long highF = ((long) (high + 1) << FRACTION_BITS) - 1;
        if (step == 0) {
            return f >= lowF && f <= highF ? side - 1 : -1;
        }
        long bound = step > 0 ? highF : lowF;
        return (int) Math.min(side - 1, Math.floorDiv(bound - f, (long) step));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static int fixed(double value) {
        return (int) Math.round(value * (1 << FRACTION_BITS));
    }

    /**
     * Grayscale dilation (max) or erosion (min) over the 3×3 cross, from {@link #canvas} into
     * {@link #morphed}. The canvas border is ink-free (MARGIN), so it is copied as is.
     *
     * @return whether the result still has a pixel the normalizer counts as ink
     */
    private boolean morph(int side, boolean dilate) {
        System.arraycopy(canvas, 0, morphed, 0, side * side);
        int strongest = 0;
        for (int y = 1; y < side - 1; y++) {
            int row = y * side;
            for (int x = 1; x < side - 1; x++) {
                int i = row + x;
                int c = canvas[i] & 0xff;
                int l = canvas[i - 1] & 0xff;
                int r = canvas[i + 1] & 0xff;
                int u = canvas[i - side] & 0xff;
                int d = canvas[i + side] & 0xff;
                int v = dilate
                        ? Math.max(Math.max(c, Math.max(l, r)), Math.max(u, d))
                        : Math.min(Math.min(c, Math.min(l, r)), Math.min(u, d));
                morphed[i] = (byte) v;
                strongest = Math.max(strongest, v);
            }
        }
        return strongest >= Normalizer.INK_THRESHOLD;
    }

    // -- SplitMix64 -----------------------------------------------------------------------------------

    /** The SplitMix64 / Stafford "mix13" finalizer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) from one SplitMix64 step's state. */
    private static double unit(long state) {
        return (mix(state) >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [-1, 1). */
    private static double signedUnit(long state) {
        return 2 * unit(state) - 1;
    }

    private static double between(double low, double high, long state) {
        return low + (high - low) * unit(state);
    }
}
