package dev.livedigits.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The stroke models of the drawn digits: several ways people write each digit, chosen for the styles MNIST has
 * few of (a 1 with flag and foot, a crossed 7, an open-top 4, a 6 with a long curved stem) as well as the
 * common ones. Paths are in {@link DigitStyle}'s language, in a 100 × 100 box.
 */
final class DigitStyles {

    private static final List<List<DigitStyle>> BY_DIGIT = new ArrayList<>();

    static {
        for (int d = 0; d < 10; d++) {
            BY_DIGIT.add(new ArrayList<>());
        }
        add(0, "oval", "A 50 50 28 50 -90 -460");
        add(0, "narrow", "A 50 50 16 50 -80 -445");
        add(0, "round", "A 50 50 42 48 -100 -470");

        add(1, "plain stroke", "M 53 0 L 47 100");
        add(1, "with flag", "M 28 24 L 56 0 L 52 100");
        add(1, "with flag and foot", "M 28 24 L 56 0 L 52 100 M 24 100 L 80 100");

        add(2, "curved, flat base", "M 18 24 C 22 4 44 -1 56 1 C 80 5 86 30 70 48 C 55 65 30 85 14 100 L 86 100");
        add(2, "loop at the base", "M 18 24 C 22 4 44 -1 56 1 C 80 5 86 30 70 48 C 56 64 32 80 22 90"
                + " C 14 98 22 106 33 98 C 42 91 34 82 26 90 C 20 96 40 100 86 98");

        add(3, "round", "M 18 14 C 28 -3 76 -5 76 21 C 76 38 60 46 42 47 C 64 46 84 58 83 76 C 81 100 34 106 14 86");
        add(3, "flat top", "M 18 1 L 78 1 L 44 40 C 70 36 86 54 84 72 C 82 98 40 106 14 88");

        add(4, "open top", "M 30 0 L 18 60 L 88 60 M 68 6 L 68 100");
        add(4, "closed triangle", "M 64 0 L 10 66 L 88 66 M 64 0 L 64 100");
        add(4, "open top, slanted", "M 44 0 L 16 62 L 86 62 M 66 22 L 66 100");

        add(5, "standard", "M 26 1 L 22 46 C 40 34 74 34 80 60 C 86 92 52 106 16 90 M 26 1 L 80 1");
        add(5, "hooked top", "M 84 7 C 80 0 60 2 28 3 L 24 45 C 45 33 80 38 80 64 C 80 94 50 104 16 90");

        add(6, "long curved stem", "M 74 4 C 42 -6 12 34 14 70 C 16 100 60 106 76 82 C 88 60 62 46 40 51"
                + " C 25 55 17 66 15 74");
        add(6, "straight stem", "M 64 0 L 24 62 C 12 86 30 102 50 100 C 74 98 80 66 58 56 C 42 49 28 56 24 64");
        add(6, "small loop", "M 72 0 C 44 8 26 44 26 76 C 26 96 46 103 58 95 C 72 86 68 68 52 66 C 38 64 28 72 26 80");
        add(6, "large loop", "M 72 2 C 46 -2 16 20 15 58 C 14 95 46 104 66 95 C 88 84 86 44 58 38 C 38 34 22 46 16 60");

        add(7, "plain", "M 14 3 L 86 3 L 40 100");
        add(7, "crossed", "M 14 12 L 17 3 L 86 3 L 42 100 M 34 52 L 78 50");
        add(7, "curved stem", "M 14 3 L 86 3 C 66 30 52 62 46 100");

        add(8, "two loops", "A 50 24 24 24 -90 -450 M 50 46 A 50 73 29 27 -90 -450");
        add(8, "figure eight", "M 72 12 C 62 -2 28 0 28 22 C 28 40 74 54 75 76 C 76 96 60 101 50 101"
                + " C 36 101 25 92 25 77 C 25 56 72 42 72 22 C 72 15 71 13 70 11");

        add(9, "straight stem", "A 48 26 26 25 0 -360 L 74 100");
        add(9, "curved stem", "A 48 26 26 25 0 -360 C 74 55 68 82 50 100");
        add(9, "hooked tail", "A 48 26 26 25 0 -360 L 74 86 C 72 100 56 103 44 95");
    }

    private DigitStyles() {
    }

    private static void add(int digit, String name, String path) {
        BY_DIGIT.get(digit).add(DigitStyle.of(digit, name, path));
    }

    /** The styles of {@code digit}, at least two each. */
    static List<DigitStyle> of(int digit) {
        return List.copyOf(BY_DIGIT.get(digit));
    }

    /** Every style of every digit, digit by digit. */
    static List<DigitStyle> all() {
        List<DigitStyle> all = new ArrayList<>();
        BY_DIGIT.forEach(all::addAll);
        return all;
    }
}
