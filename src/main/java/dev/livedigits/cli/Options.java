package dev.livedigits.cli;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --flag} options of one subcommand; unknown names are errors, not surprises. */
public final class Options {
    private final String command;
    private final Map<String, String> values;
    private final Set<String> used = new HashSet<>();

    Options(String command, String[] args, int from, Set<String> flags) {
        this.command = command;
        this.values = tokenize(command, args, from, flags);
    }

    /**
     * {@code --name value}, {@code --name=value} and {@code --flag} (for names in {@code flags}) in
     * order of appearance; anything else is refused with a one-line message starting with {@code command}.
     */
    public static Map<String, String> tokenize(String command, String[] args, int from, Set<String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = from; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) throw new UsageException(command + ": unexpected argument '" + a + "'");
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (flags.contains(name)) {
                value = "true";
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(command + ": option --" + name + " needs a value");
            }
            values.put(name, value);
        }
        return values;
    }

    String string(String name, String fallback) {
        used.add(name);
        return values.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        used.add(name);
        return Boolean.parseBoolean(values.getOrDefault(name, "false"));
    }

    boolean has(String name) {
        used.add(name);
        return values.containsKey(name);
    }

    int integer(String name, int fallback) {
        long v = longValue(name, fallback);
        if (v != (int) v) throw new UsageException(command + ": --" + name + " must be an integer, got '" + v + "'");
        return (int) v;
    }

    long longValue(String name, long fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be an integer, got '" + v + "'");
        }
    }

    float decimal(String name, float fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        try {
            return Float.parseFloat(v);
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be a number, got '" + v + "'");
        }
    }

    int[] integers(String name, int[] fallback) {
        String v = string(name, null);
        if (v == null) return fallback;
        if (v.isBlank() || v.equals("none")) return new int[0];
        try {
            return java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": --" + name + " must be comma-separated integers like 256,128, got '" + v + "'");
        }
    }

    /** Call after reading every option: anything left over was a typo the user should hear about. */
    void rejectUnknown() {
        for (String name : values.keySet()) {
            if (!used.contains(name)) throw new UsageException(command + ": unknown option --" + name);
        }
    }
}
