package dev.livedigits.nn;

/** The shape of one activation: {@code channels × height × width}, stored channels-last (HWC). */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("shape " + channels + "x" + height + "x" + width + " has an empty side");
        }
    }

    /** A flat vector of {@code n} values (a dense layer's input or output). */
    public static Shape flat(int n) {
        return new Shape(n, 1, 1);
    }

    public int size() { return channels * height * width; }

    public boolean isFlat() { return height == 1 && width == 1; }

    @Override public String toString() {
        return isFlat() ? Integer.toString(channels) : channels + "x" + height + "x" + width;
    }
}
