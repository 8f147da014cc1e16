package dev.livedigits.data;

import java.util.Arrays;
import java.util.List;

/**
 * A simulated person drawing a digit on a square canvas: from a stroke model ({@link DigitStyle}) and a seed it
 * chooses how big, where, how wide or narrow, how slanted and turned, how shaky and with how thick a pen, and
 * draws it anti-aliased with round caps ({@link Pen}), as the browser pad does.
 *
 * <p>Every choice is made relative to the canvas side, so a digit drawn on a small canvas is the same drawing
 * as on a large one, only coarser: the check uses the browser's 280 px, training a smaller canvas for speed.
 * The ranges are deliberately broad, wider than one person's habits, so that a model trained on other seeds
 * of the same stroke models has to learn the shapes rather than memorize drawings.
 *
 * <p>A drawing depends only on (digit, style, seed, side). Allocation-free after construction; not thread-safe.
 */
final class Hand {

    /** Digit height as a share of the canvas side (before any shrinking to fit a turned, slanted digit). */
    static final double MIN_HEIGHT = 0.35;
    static final double MAX_HEIGHT = 0.90;
    /** Pen width in pixels of a 280-pixel canvas (the browser pad's pen is 280 / 13 ≈ 21.5). */
    static final double MIN_PEN = 4;
    static final double MAX_PEN = 28;
    /** The reference canvas side for pen widths. */
    static final int REFERENCE_SIDE = 280;
    /** A pen at most this share of the digit's height: a thicker one fills the loops of an 8 into a blot. */
    static final double MAX_PEN_PER_HEIGHT = 0.22;
    /** Width multiplier range (log-uniform): narrow to wide writing. */
    static final double MIN_ASPECT = 0.7;
    static final double MAX_ASPECT = 1.35;
    /** Horizontal shear x += shear · y (y down): negative leans the top to the right, as most hands do. */
    static final double MIN_SHEAR = -0.40;
    static final double MAX_SHEAR = 0.20;
    static final double MAX_ROTATION_DEGREES = 15;
    /** Largest per-point wobble, as a share of the digit's height, drawn per sample from [0, max]. */
    static final double MAX_WOBBLE = 0.05;
    /** Largest shift of a stroke after the first, per axis, as a share of the height: the pen lands inexactly. */
    static final double MAX_STROKE_SHIFT = 0.08;
    /** Largest sideways bow of the whole digit at its middle, and vertical bow at its centre line. */
    static final double MAX_BOW = 0.08;
    /**
     * Largest change of proportion between the upper and lower half: y moves by p·y·(1 − y) (y in 0..1), so
     * the middle of the digit rises or sinks by up to p/4 of the height (a 9 with a big or a small loop).
     */
    static final double MAX_PROPORTION = 0.3;

    private static final List<List<DigitStyle>> STYLES = List.of(DigitStyles.of(0), DigitStyles.of(1),
            DigitStyles.of(2), DigitStyles.of(3), DigitStyles.of(4), DigitStyles.of(5), DigitStyles.of(6),
            DigitStyles.of(7), DigitStyles.of(8), DigitStyles.of(9));

    private final SampleRandom random = new SampleRandom();
    private final Pen pen = new Pen();
    /** The strokes of the style being drawn, wobbled and placed on the canvas, in canvas pixels. */
    private final float[] placed;

    Hand() {
        int most = 0;
        for (List<DigitStyle> styles : STYLES) {
            for (DigitStyle style : styles) {
                most = Math.max(most, style.pointCount());
            }
        }
        placed = new float[2 * most];
    }

    /** The styles of {@code digit}; a style index below is a position in this list. */
    static List<DigitStyle> styles(int digit) {
        return STYLES.get(digit);
    }

    /**
     * Clears the first {@code side × side} bytes of {@code canvas} and draws {@code digit} in style number
     * {@code style} on it, every random choice taken from {@code seed}.
     */
    void draw(int digit, int style, long seed, byte[] canvas, int side) {
        DigitStyle model = STYLES.get(digit).get(style);
        SampleRandom r = random;
        r.reseed(seed);
        // The draws, always all of them and in this order.
        double height = side * r.between(MIN_HEIGHT, MAX_HEIGHT);
        double aspect = Math.exp(r.between(Math.log(MIN_ASPECT), Math.log(MAX_ASPECT)));
        double shear = r.between(MIN_SHEAR, MAX_SHEAR);
        double angle = Math.toRadians(MAX_ROTATION_DEGREES) * r.signedUnit();
        double wobble = MAX_WOBBLE * r.nextDouble() * 100; // in the style's units
        double penWidth = r.between(MIN_PEN, MAX_PEN) * side / REFERENCE_SIDE;
        double placeX = r.nextDouble();
        double placeY = r.nextDouble();
        double bowX = 100 * MAX_BOW * r.signedUnit();
        double bowY = 100 * MAX_BOW * r.signedUnit();
        double proportion = MAX_PROPORTION * r.signedUnit();
        double strokeShift = 100 * MAX_STROKE_SHIFT;

        // Style box (100 units tall) → canvas: scale, widen or narrow, slant, turn; about the box centre.
        double scale = height / 100;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double m00 = cos * scale * aspect;
        double m01 = (cos * shear - sin) * scale;
        double m10 = sin * scale * aspect;
        double m11 = (sin * shear + cos) * scale;
        float[][] strokes = model.strokes();
        int n = 0;
        for (int s = 0; s < strokes.length; s++) {
            float[] stroke = strokes[s];
            double shiftX = s == 0 ? 0 : strokeShift * r.signedUnit();
            double shiftY = s == 0 ? 0 : strokeShift * r.signedUnit();
            for (int i = 0; i < stroke.length; i += 2) {
                double u = stroke[i] / 100;
                double v = stroke[i + 1] / 100;
                // Bows and proportion: smooth, so the strokes bend rather than break; zero at the box edges.
                double x = stroke[i] + bowX * 4 * v * (1 - v) + shiftX + wobble * r.signedUnit() - 50;
                double y = stroke[i + 1] + 100 * proportion * v * (1 - v) + bowY * 4 * u * (1 - u) + shiftY
                        + wobble * r.signedUnit() - 50;
                placed[n++] = (float) (m00 * x + m01 * y);
                placed[n++] = (float) (m10 * x + m11 * y);
            }
        }

        // Shrink to fit if turning and slanting made it too big, then put it anywhere it fits.
        double radius = Math.min(penWidth, MAX_PEN_PER_HEIGHT * height) / 2;
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < n; i += 2) {
            minX = Math.min(minX, placed[i]);
            maxX = Math.max(maxX, placed[i]);
            minY = Math.min(minY, placed[i + 1]);
            maxY = Math.max(maxY, placed[i + 1]);
        }
        double room = side - 2 * (radius + 1);
        double fit = Math.min(1, room / Math.max(maxX - minX, maxY - minY));
        double offsetX = radius + 1 - fit * minX + placeX * Math.max(0, room - fit * (maxX - minX));
        double offsetY = radius + 1 - fit * minY + placeY * Math.max(0, room - fit * (maxY - minY));
        for (int i = 0; i < n; i += 2) {
            placed[i] = (float) (fit * placed[i] + offsetX);
            placed[i + 1] = (float) (fit * placed[i + 1] + offsetY);
        }

        Arrays.fill(canvas, 0, side * side, (byte) 0);
        pen.onto(canvas, side);
        int from = 0;
        for (float[] stroke : strokes) {
            pen.stroke(placed, from, stroke.length, radius * fit);
            from += stroke.length;
        }
    }
}
