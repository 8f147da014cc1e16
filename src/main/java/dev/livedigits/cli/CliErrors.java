package dev.livedigits.cli;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the command line reports what went wrong: one line on stderr that starts with the command and names the
 * option, instead of picocli's default message followed by the whole usage (which buries the one line that
 * matters in a script's log). Exit 2 for a command line the program cannot act on, 1 for a failure while running.
 */
final class CliErrors {
    static final int BAD_COMMAND_LINE = 2;
    static final int FAILED = 1;

    private CliErrors() {}

    /** picocli's parameter-exception handler: an unknown option, a missing or unconvertible value. */
    static int badCommandLine(ParameterException e, String[] args) {
        e.getCommandLine().getErr().println(oneLine(e, args));
        return BAD_COMMAND_LINE;
    }

    /**
     * picocli's execution-exception handler: a bad value found while the command checks its options
     * ({@link IllegalArgumentException}, whose message already names the command) exits 2; anything else 1.
     */
    static int failed(Exception e, CommandLine command, ParseResult parsed) {
        String name = name(command);
        String line;
        int status;
        if (e instanceof IllegalArgumentException) {
            line = e.getMessage();
            status = BAD_COMMAND_LINE;
        } else if (e instanceof IOException) {
            line = name + ": " + e.getMessage();
            status = FAILED;
        } else if (e instanceof RuntimeException) {
            line = name + ": " + e;
            status = FAILED;
        } else {
            line = name + ": " + e.getMessage();
            status = FAILED;
        }
        command.getErr().println(line);
        return status;
    }

    static String oneLine(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = name(command);
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().get(0);
            if (arg.startsWith("-")) {
                int eq = arg.indexOf('=');
                return (name.isEmpty() ? "" : name + ": ") + "unknown option " + (eq > 0 ? arg.substring(0, eq) : arg);
            }
            if (command.getParent() == null) {
                return "unknown command '" + arg + "'; the commands are " + String.join(", ", command.getSubcommands().keySet())
                        + " (--help for more)";
            }
            return name + ": unexpected argument '" + arg + "'";
        }
        if (e instanceof MissingParameterException missing && !missing.getMissing().isEmpty()) {
            // picocli checks required options before it reports unknown ones, but a typo is the likelier cause.
            String unknown = unknownOption(command, args);
            if (unknown != null) return name + ": unknown option " + unknown;
            String options = missing.getMissing().stream().map(CliErrors::optionName).collect(Collectors.joining(", "));
            boolean given = missing.getMissing().stream().anyMatch(a -> appears(a, args));
            return name + ": " + (given ? "option " + options + " needs a value" : options + (missing.getMissing().size() > 1 ? " are" : " is") + " required");
        }
        if (e.getArgSpec() != null && e.getValue() != null && e.getCause() instanceof TypeConversionException conversion) {
            return name + ": " + optionName(e.getArgSpec()) + " " + conversion.getMessage() + ", got '" + e.getValue() + "'";
        }
        return (name.isEmpty() ? "" : name + ": ") + e.getMessage();
    }

    /** The command as typed, e.g. {@code bench ws} (the root, the program itself, is left out). */
    static String name(CommandLine command) {
        StringBuilder name = new StringBuilder();
        for (CommandLine c = command; c != null && c.getParent() != null; c = c.getParent()) {
            name.insert(0, name.length() == 0 ? c.getCommandName() : c.getCommandName() + " ");
        }
        return name.toString();
    }

    /** The first {@code --name} in {@code args} that is no option of {@code command} or of a command above it, or null. */
    private static String unknownOption(CommandLine command, String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("--")) continue;
            String option = arg.indexOf('=') > 0 ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean known = false;
            for (CommandLine c = command; c != null && !known; c = c.getParent()) {
                known = c.getCommandSpec().findOption(option) != null;
            }
            if (!known) return option;
        }
        return null;
    }

    private static String optionName(ArgSpec arg) {
        return arg instanceof OptionSpec option ? option.longestName() : arg.paramLabel();
    }

    /** Whether the option was typed (so a missing value means "needs a value", not "is required"). */
    private static boolean appears(ArgSpec arg, String[] args) {
        if (!(arg instanceof OptionSpec option)) return false;
        return Arrays.stream(args).anyMatch(a -> Arrays.stream(option.names()).anyMatch(n -> a.equals(n) || a.startsWith(n + "=")));
    }
}
