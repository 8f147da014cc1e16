package dev.livedigits.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Arrays;

/**
 * The value types of the options, converted with messages people can act on ("must be an integer") rather
 * than picocli's ("'x' is not an int"); {@link CliErrors} adds the command, the option and the value.
 */
public final class OptionTypes {
    private OptionTypes() {}

    /** A list of sizes such as {@code --hidden 256,128} or {@code --threads 2,1}; {@code none} (or empty) is no entry. */
    public record Sizes(int[] values) {
        static Sizes parse(String text) {
            if (text.isBlank() || text.equals("none")) return new Sizes(new int[0]);
            try {
                return new Sizes(Arrays.stream(text.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be comma-separated integers like 256,128");
            }
        }

        @Override
        public String toString() {
            return Arrays.stream(values).mapToObj(Integer::toString).reduce((a, b) -> a + "," + b).orElse("none");
        }
    }

    /** Registers the converters with {@code cli} and every subcommand already added to it. */
    static void register(CommandLine cli) {
        ITypeConverter<Integer> integer = text -> {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be an integer");
            }
        };
        ITypeConverter<Long> longInteger = text -> {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be an integer");
            }
        };
        ITypeConverter<Float> number = text -> {
            try {
                return Float.parseFloat(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("must be a number");
            }
        };
        cli.registerConverter(Integer.class, integer).registerConverter(int.class, integer)
                .registerConverter(Long.class, longInteger).registerConverter(long.class, longInteger)
                .registerConverter(Float.class, number).registerConverter(float.class, number)
                .registerConverter(Sizes.class, Sizes::parse);
    }

    /**
     * An integer option's bound, checked after parsing.
     *
     * @throws IllegalArgumentException (exit 2) e.g. {@code bench ws: --clients must be an integer in 1..1000, got '0'}
     */
    public static int within(String command, String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(command + ": " + option + " must be an integer in " + min + ".." + max + ", got '" + value + "'");
        }
        return value;
    }
}
