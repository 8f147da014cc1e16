package dev.livedigits.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One way of writing one digit: the pen strokes a person makes, in a 100 × 100 box (x right, y down, the digit
 * about 100 tall). Each stroke is a chain of cubic Bézier segments, stored flat: the start point, then three
 * points (two controls and the end) per segment. Lines and arcs become cubics too, so a hand can wobble every
 * point of every stroke alike.
 *
 * <p>Strokes are written as a small path language, close to SVG's so they can be read and edited by eye:
 * <ul>
 *   <li>{@code M x y} starts a stroke (pen down),
 *   <li>{@code L x y} a straight line, {@code C x1 y1 x2 y2 x y} a cubic Bézier,
 *   <li>{@code A cx cy rx ry from to} an elliptical arc from angle {@code from} to {@code to} in degrees
 *       (0° = right, 90° = down, so decreasing angles run anticlockwise on screen); it starts a stroke if none
 *       is open, and joins the open one with a line if it does not start where the pen is.
 * </ul>
 *
 * @param digit   0..9
 * @param name    how people would call this style ("with flag and foot")
 * @param strokes the cubic chains, read-only
 */
record DigitStyle(int digit, String name, float[][] strokes) {

    /** Parses {@code path} as above. */
    static DigitStyle of(int digit, String name, String path) {
        return new DigitStyle(digit, name, parse(path));
    }

    /** Control points of all strokes together. */
    int pointCount() {
        int points = 0;
        for (float[] stroke : strokes) {
            points += stroke.length / 2;
        }
        return points;
    }

    static float[][] parse(String path) {
        String[] tokens = path.trim().split("[\\s,]+");
        List<float[]> strokes = new ArrayList<>();
        Chain chain = null;
        int i = 0;
        while (i < tokens.length) {
            String command = tokens[i++];
            switch (command) {
                case "M" -> {
                    if (chain != null) {
                        strokes.add(chain.points());
                    }
                    chain = new Chain(number(tokens, i++, path), number(tokens, i++, path));
                }
                case "L" -> requireOpen(chain, command, path).line(number(tokens, i++, path), number(tokens, i++, path));
                case "C" -> {
                    float[] p = new float[6];
                    for (int k = 0; k < 6; k++) {
                        p[k] = number(tokens, i++, path);
                    }
                    requireOpen(chain, command, path).cubic(p[0], p[1], p[2], p[3], p[4], p[5]);
                }
                case "A" -> {
                    double[] a = new double[6];
                    for (int k = 0; k < 6; k++) {
                        a[k] = number(tokens, i++, path);
                    }
                    double startX = a[0] + a[2] * Math.cos(Math.toRadians(a[4]));
                    double startY = a[1] + a[3] * Math.sin(Math.toRadians(a[4]));
                    if (chain == null) {
                        chain = new Chain((float) startX, (float) startY);
                    } else if (Math.hypot(startX - chain.lastX(), startY - chain.lastY()) > 0.5) {
                        chain.line((float) startX, (float) startY);
                    }
                    chain.arc(a[0], a[1], a[2], a[3], a[4], a[5]);
                }
                default -> throw new IllegalArgumentException("unknown command '" + command + "' in path: " + path);
            }
        }
        if (chain == null) {
            throw new IllegalArgumentException("a path without strokes: " + path);
        }
        strokes.add(chain.points());
        return strokes.toArray(new float[0][]);
    }

    private static Chain requireOpen(Chain chain, String command, String path) {
        if (chain == null) {
            throw new IllegalArgumentException(command + " before any M in path: " + path);
        }
        return chain;
    }

    private static float number(String[] tokens, int i, String path) {
        if (i >= tokens.length) {
            throw new IllegalArgumentException("path ends in the middle of a command: " + path);
        }
        try {
            return Float.parseFloat(tokens[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + tokens[i] + "' is not a number in path: " + path);
        }
    }

    /** One stroke being parsed: its cubic chain so far. */
    private static final class Chain {
        private final List<Float> points = new ArrayList<>();

        Chain(float x, float y) {
            points.add(x);
            points.add(y);
        }

        float lastX() {
            return points.get(points.size() - 2);
        }

        float lastY() {
            return points.get(points.size() - 1);
        }

        /** A line is the cubic with its controls at the thirds. */
        void line(float x, float y) {
            float x0 = lastX();
            float y0 = lastY();
            cubic(x0 + (x - x0) / 3, y0 + (y - y0) / 3, x0 + 2 * (x - x0) / 3, y0 + 2 * (y - y0) / 3, x, y);
        }

        void cubic(float x1, float y1, float x2, float y2, float x, float y) {
            for (float v : new float[] {x1, y1, x2, y2, x, y}) {
                points.add(v);
            }
        }

        /** Quarter arcs or less, each the standard cubic whose controls lie 4/3·tan(θ/4) along the tangents. */
        void arc(double cx, double cy, double rx, double ry, double fromDegrees, double toDegrees) {
            int pieces = Math.max(1, (int) Math.ceil(Math.abs(toDegrees - fromDegrees) / 90 - 1e-9));
            double step = Math.toRadians(toDegrees - fromDegrees) / pieces;
            double k = 4.0 / 3 * Math.tan(step / 4);
            double a0 = Math.toRadians(fromDegrees);
            for (int p = 0; p < pieces; p++) {
                double a1 = a0 + step;
                cubic((float) (cx + rx * (Math.cos(a0) - k * Math.sin(a0))),
                        (float) (cy + ry * (Math.sin(a0) + k * Math.cos(a0))),
                        (float) (cx + rx * (Math.cos(a1) + k * Math.sin(a1))),
                        (float) (cy + ry * (Math.sin(a1) - k * Math.cos(a1))),
                        (float) (cx + rx * Math.cos(a1)), (float) (cy + ry * Math.sin(a1)));
                a0 = a1;
            }
        }

        float[] points() {
            float[] flat = new float[points.size()];
            for (int i = 0; i < flat.length; i++) {
                flat[i] = points.get(i);
            }
            return flat;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s", digit, name);
    }
}
