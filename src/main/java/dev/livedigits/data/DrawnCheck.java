package dev.livedigits.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The drawn-digits check: digits drawn as strokes in many styles on the browser's 280 × 280 canvas, to measure
 * a model on drawings rather than on MNIST's scans (see {@link DrawnDigits#check()}).
 *
 * @param frames raw canvas frames, side 280, 0 = background, 255 = ink, each labelled with its digit
 * @param styles the style of each frame, e.g. "1 with flag and foot"; read-only by convention, like the frames
 */
public record DrawnCheck(LabeledImages frames, String[] styles) {

    public DrawnCheck {
        if (styles.length != frames.count()) {
            throw new IllegalArgumentException(styles.length + " style names for " + frames.count() + " frames");
        }
    }

    /** The frames through the {@link Normalizer}: exactly what a model sees of them when served. */
    public LabeledImages normalized() {
        return Normalization.normalizeAll(frames);
    }

    /**
     * Scores a classifier of normalized 28×28 images (784 bytes in, a digit out) on every frame.
     */
    public Score score(ToIntFunction<byte[]> classifier) {
        LabeledImages normalized = normalized();
        int[] digitRight = new int[10];
        int[] digitCount = new int[10];
        Map<String, int[]> byStyle = new LinkedHashMap<>(); // style → {right, count}
        byte[] image = new byte[Normalizer.OUT_SIZE];
        for (int i = 0; i < normalized.count(); i++) {
            System.arraycopy(normalized.pixels(), normalized.offset(i), image, 0, image.length);
            int label = normalized.label(i);
            boolean right = classifier.applyAsInt(image) == label;
            digitCount[label]++;
            digitRight[label] += right ? 1 : 0;
            int[] style = byStyle.computeIfAbsent(styles[i], s -> new int[2]);
            style[0] += right ? 1 : 0;
            style[1]++;
        }
        return new Score(digitRight, digitCount, byStyle);
    }

    /** How many frames a classifier got right, overall, per digit and per style. */
    public record Score(int[] digitRight, int[] digitCount, Map<String, int[]> byStyle) {

        public int right() {
            return Arrays.stream(digitRight).sum();
        }

        public int count() {
            return Arrays.stream(digitCount).sum();
        }

        public double accuracy() {
            return (double) right() / count();
        }

        /** Several lines: overall, then per digit, then per style (worst first). */
        public String report() {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "drawn check: %d/%d right, accuracy=%.4f%n", right(), count(),
                    accuracy()));
            out.append("per digit:");
            for (int d = 0; d < 10; d++) {
                out.append(String.format(Locale.ROOT, " %d %.2f", d, (double) digitRight[d] / digitCount[d]));
            }
            out.append(String.format("%nper style (worst first):%n"));
            byStyle.entrySet().stream()
                    .sorted((a, b) -> Double.compare(ratio(a.getValue()), ratio(b.getValue())))
                    .forEach(e -> out.append(String.format(Locale.ROOT, "  %-26s %2d/%2d %.2f%n", e.getKey(),
                            e.getValue()[0], e.getValue()[1], ratio(e.getValue()))));
            return out.toString();
        }

        private static double ratio(int[] rightAndCount) {
            return (double) rightAndCount[0] / rightAndCount[1];
        }
    }
}
