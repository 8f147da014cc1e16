package dev.livedigits.data;

/**
 * Draws round-capped, anti-aliased pen strokes along cubic Bézier chains onto a grayscale canvas (0 = paper,
 * 255 = ink), the way a browser canvas draws a path with {@code lineCap = 'round'}.
 *
 * <p>Each cubic is cut into as few straight pieces as keep it within {@value #TOLERANCE} px of the curve (Wang's
 * bound on the second differences), and each piece is drawn as a capsule: a pixel's ink is how far its centre
 * lies inside the pen's radius, over a one-pixel ramp (255 from half a pixel inside the edge). Pieces meet under their round caps, and overlapping ink
 * takes the maximum, as one pass of a pen would. Allocation-free; not thread-safe.
 */
final class Pen {

    /** Largest distance in pixels between a curve and the straight pieces drawn for it. */
    static final double TOLERANCE = 0.5;
    private static final int MAX_PIECES = 64;

    private byte[] canvas;
    private int side;

    /** Draws on {@code canvas}, a square of {@code side} × {@code side} pixels at offset 0, from now on. */
    void onto(byte[] canvas, int side) {
        this.canvas = canvas;
        this.side = side;
    }

    /**
     * Draws a cubic chain (start point, then two controls and an end per segment) of {@code length} floats
     * from {@code points}, in canvas pixels, with a pen of {@code radius} pixels.
     */
    void stroke(float[] points, int from, int length, double radius) {
        double x0 = points[from];
        double y0 = points[from + 1];
        if (length == 2) {
            capsule(x0, y0, x0, y0, radius, true);
            return;
        }
        boolean first = true;
        for (int s = from + 2; s + 6 <= from + length; s += 6) {
            double x1 = points[s];
            double y1 = points[s + 1];
            double x2 = points[s + 2];
            double y2 = points[s + 3];
            double x3 = points[s + 4];
            double y3 = points[s + 5];
            double bend = Math.max(Math.hypot(x0 - 2 * x1 + x2, y0 - 2 * y1 + y2),
                    Math.hypot(x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
            int pieces = (int) Math.min(MAX_PIECES, Math.max(1, Math.ceil(Math.sqrt(0.75 * bend / TOLERANCE))));
            double px = x0;
            double py = y0;
            for (int p = 1; p <= pieces; p++) {
                double t = (double) p / pieces;
                double u = 1 - t;
                double a = u * u * u;
                double b = 3 * u * u * t;
                double c = 3 * u * t * t;
                double d = t * t * t;
                double qx = a * x0 + b * x1 + c * x2 + d * x3;
                double qy = a * y0 + b * y1 + c * y2 + d * y3;
                capsule(px, py, qx, qy, radius, first);
                first = false;
                px = qx;
                py = qy;
            }
            x0 = x3;
            y0 = y3;
        }
    }

    /**
     * Ink within {@code radius} of the segment from (ax, ay) to (bx, by), pixel centres at half-integers. Each
     * row visits only its span inside the capsule (the union of the two end discs and the band between them, an
     * interval because a capsule is convex): short pieces of a thick pen would otherwise spend most of their
     * bounding box on pixels too far away. A piece that continues a stroke leaves out its start disc: the
     * previous piece's end disc is the same.
     */
    private void capsule(double ax, double ay, double bx, double by, double radius, boolean startDisc) {
        double reach = radius + 0.5;
        int top = Math.max(0, (int) Math.floor(Math.min(ay, by) - reach));
        int bottom = Math.min(side - 1, (int) Math.ceil(Math.max(ay, by) + reach));
        double dx = bx - ax;
        double dy = by - ay;
        double length = Math.sqrt(dx * dx + dy * dy);
        double across = reach * length;
        double lengthSquared = length * length;
        double inverseDx = 1 / dx; // infinite for a vertical piece, handled below
        double inverseDy = 1 / dy;
        float fdx = (float) dx;
        float fdy = (float) dy;
        float inverse = length > 0 ? (float) (1 / (length * length)) : 0;
        float freach = (float) reach;
        for (int y = top; y <= bottom; y++) {
            double py = y + 0.5 - ay;
            // The span of px = x + 0.5 - ax within reach of the segment, as [low, high].
            double low = Double.MAX_VALUE;
            double high = -Double.MAX_VALUE;
            if (startDisc && Math.abs(py) < reach) {
                double h = Math.sqrt(reach * reach - py * py);
                low = -h;
                high = h;
            }
            double pyB = py - dy;
            if (Math.abs(pyB) < reach) {
                double h = Math.sqrt(reach * reach - pyB * pyB);
                low = Math.min(low, dx - h);
                high = Math.max(high, dx + h);
            }
            if (length > 0) {
                // Band: perpendicular distance |dx·py − dy·px| < reach·length, projection 0 <= px·dx + py·dy <= length².
                double bandLow = -Double.MAX_VALUE;
                double bandHigh = Double.MAX_VALUE;
                if (dy != 0) {
                    double u = (dx * py - across) * inverseDy;
                    double v = (dx * py + across) * inverseDy;
                    bandLow = Math.min(u, v);
                    bandHigh = Math.max(u, v);
                } else if (Math.abs(dx * py) >= across) {
                    bandHigh = -Double.MAX_VALUE;
                }
                if (dx != 0) {
                    double u = -py * dy * inverseDx;
                    double v = (lengthSquared - py * dy) * inverseDx;
                    bandLow = Math.max(bandLow, Math.min(u, v));
                    bandHigh = Math.min(bandHigh, Math.max(u, v));
                } else if (py * dy < 0 || py * dy > lengthSquared) {
                    bandHigh = -Double.MAX_VALUE;
                }
                if (bandLow <= bandHigh) {
                    low = Math.min(low, bandLow);
                    high = Math.max(high, bandHigh);
                }
            }
            int left = Math.max(0, (int) Math.ceil(ax + low - 0.5));
            int right = Math.min(side - 1, (int) Math.floor(ax + high - 0.5));
            float fpy = (float) py;
            int row = y * side;
            // Branch-free: which pixels are solid, ramp or already inked is data, and mispredicting it cost
            // more than computing every pixel's coverage and keeping the larger ink.
            float px = (float) (left + 0.5 - ax);
            for (int x = left; x <= right; x++, px += 1f) {
                float t = Math.max(0f, Math.min(1f, (px * fdx + fpy * fdy) * inverse));
                float ex = px - t * fdx;
                float ey = fpy - t * fdy;
                float coverage = freach - (float) Math.sqrt(ex * ex + ey * ey);
                int ink = (int) (Math.max(0f, Math.min(1f, coverage)) * 255);
                canvas[row + x] = (byte) Math.max(ink, canvas[row + x] & 0xff);
            }
        }
    }
}
