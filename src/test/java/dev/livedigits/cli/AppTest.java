package dev.livedigits.cli;

import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AppTest {
    @TempDir
    Path dir;

    record Result(int status, List<String> out, String err) {
        String last() { return out.get(out.size() - 1); }
        double accuracy() {
            assertTrue(last().startsWith("accuracy="), "last line is accuracy=…: " + last());
            return Double.parseDouble(last().substring("accuracy=".length()));
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = App.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("one short augmented epoch on a 10,000-image subset reaches at least 90% on the 10k test set")
    void shortTrainingLearns() throws Exception {
        Path weights = dir.resolve("short.json");
        Result r = run("train", "--epochs", "1", "--limit", "10000", "--out", weights.toString(), "--id", "short-1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().stream().anyMatch(l -> l.matches("epoch 1/1 loss=\\S+ train_accuracy=\\S+ test_accuracy=\\S+ drawn_accuracy=\\S+ lr=\\S+ seconds=\\S+ samples_per_s=\\S+")), String.join("\n", r.out()));
        double accuracy = r.accuracy();
        assertTrue(accuracy >= 0.90, "accuracy " + accuracy);
        SavedModel saved = WeightsFile.read(weights);
        assertEquals("short-1", saved.id());
        assertEquals(accuracy, saved.info().testAccuracy(), 5e-5);

        Result eval = run("eval", "--weights", weights.toString());
        assertEquals(0, eval.status(), eval.err());
        assertEquals(accuracy, eval.accuracy(), 5e-5, "eval reproduces the accuracy train reported");
        assertTrue(eval.out().stream().anyMatch(l -> l.startsWith("most confident mistakes")));
        assertTrue(eval.out().stream().anyMatch(l -> l.startsWith("per-digit accuracy: 0=")));
        assertTrue(eval.out().stream().anyMatch(l -> l.startsWith("drawn check: ")), "eval reports the drawn-digits check beside MNIST");
        assertTrue(saved.architecture().describe().startsWith("conv3x3-16 pool"), "train builds the shipped CNN by default");
    }

    @Test
    @DisplayName("the shipped CNN scores at least 99.5% on the 10k MNIST test set as the server sees it, and 97% on the drawn check")
    void shippedModelIsAccurate() {
        Result r = run("eval");
        assertEquals(0, r.status(), r.err());
        double accuracy = r.accuracy();
        assertTrue(accuracy >= 0.995, "shipped model accuracy " + accuracy);
        String drawn = r.out().stream().filter(l -> l.startsWith("drawn check: ")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(drawn.replaceAll(".*accuracy=", "")) >= 0.97, drawn);
        String perDigit = r.out().get(r.out().indexOf(drawn) + 1);
        String[] parts = perDigit.replace("per digit:", "").trim().split("\\s+");
        for (int d = 0; d < 10; d++) assertTrue(Double.parseDouble(parts[2 * d + 1]) >= 0.90, "digit " + d + ": " + perDigit);
    }

    @Test
    @DisplayName("bad command lines exit non-zero with a one-line reason")
    void badCommandLines() {
        Result unknown = run("train", "--epoch", "3");
        assertEquals(2, unknown.status());
        assertEquals("train: unknown option --epoch", unknown.err().strip());

        Result bounds = run("train", "--hidden", "5000");
        assertEquals(2, bounds.status());
        assertTrue(bounds.err().strip().startsWith("train: hidden:"), bounds.err());
        assertEquals(1, bounds.err().strip().lines().count());

        Result conv = run("train", "--conv", "16,500");
        assertEquals(2, conv.status());
        assertTrue(conv.err().strip().startsWith("train: conv:"), conv.err());

        Result notNumber = run("train", "--lr", "fast");
        assertEquals(2, notNumber.status());
        assertEquals("train: --lr must be a number, got 'fast'", notNumber.err().strip());

        Result missing = run("eval", "--weights", dir.resolve("absent.json").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("absent.json: no such file"), missing.err());

        Result command = run("fly");
        assertEquals(2, command.status());
        assertTrue(command.err().startsWith("unknown command 'fly'"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--help", "-h", "help", "serve --help", "train --help", "eval -h", "bench --help", "bench ws --help",
            "bench swap -h", "bench data --help", "bench activations --help", "help bench"})
    @DisplayName("--help (and -h, and help) on every command prints its usage and exits 0 without running it")
    void helpOnEveryCommand(String line) {
        Result r = run(line.split(" "));
        assertEquals(0, r.status(), r.err());
        String command = line.replace("--help", "").replace("-h", "").replace("help", "").strip();
        assertTrue(r.out().get(0).startsWith("Usage: live-digits" + (command.isEmpty() ? "" : " " + command)), r.out().get(0));
        assertTrue(r.out().stream().anyMatch(l -> l.contains("--help")), "lists its options");
        assertEquals("", r.err());
    }

    @Test
    @DisplayName("--help lists each command's options with the same names as before")
    void helpNamesTheOptions() {
        String train = String.join("\n", run("train", "--help").out());
        for (String option : new String[] {"--epochs", "--conv", "--kernel", "--hidden", "--batch", "--lr", "--seed", "--out", "--threads",
                "--optimizer", "--momentum", "--schedule", "--dropout", "--label-smoothing", "--no-augment", "--drawn", "--limit", "--id", "--data"}) {
            assertTrue(train.contains(option + "=") || train.contains(option + "[="), option + " in\n" + train);
        }
        String ws = String.join("\n", run("bench", "ws", "--help").out());
        for (String option : new String[] {"--clients", "--fps", "--seconds", "--size", "--url", "--warmup-seconds", "--no-echo", "--reconnect", "--flood"}) {
            assertTrue(ws.contains(option), option + " in\n" + ws);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--version", "-V", "train --version", "bench ws --version"})
    @DisplayName("--version names the project version from the build (under mvn test as in the jar)")
    void version(String line) {
        Result r = run(line.split(" "));
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().get(0).matches("live-digits \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out().get(0));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiterString = " => ", value = {
        "serve --port x => serve: --port must be an integer, got 'x'",
        "serve --port 70000 => serve: --port must be an integer in 0..65535, got '70000'",
        "serve --colour => serve: unknown option --colour",
        "eval --weights => eval: option --weights needs a value",
        "eval extra => eval: unexpected argument 'extra'",
        "train --epochs=ten => train: --epochs must be an integer, got 'ten'",
        "train --hidden 256,x => train: --hidden must be comma-separated integers like 256,128, got '256,x'",
        "bench --rounds x => bench: --rounds must be an integer, got 'x'",
        "bench --rounds 0 => bench: --epochs, --rounds and --threads must be positive",
        "bench --colour=red => bench: unknown option --colour",
        "bench ws --clients 2 --fps 10 --seconds 1 --size 28 --flood x => bench ws: --flood must be an integer, got 'x'",
        "bench swap --nodes http://127.0.0.1:1 --clients 51 => bench swap: --clients must be an integer in 1..50, got '51'",
        "bench data --rounds 3 => bench data: unknown option --rounds",
        "bench activations --rounds 0 => bench activations: --rounds must be an integer in 1..100, got '0'",
        "bench activations --size x => bench activations: --size must be an integer, got 'x'",
        "--colour => unknown option --colour",
    })
    @DisplayName("an unknown option or a bad value: exit 2 and one line on stderr naming it, nothing on stdout")
    void badOptionsExit2WithOneLine(String line, String message) {
        Result r = run(line.split(" "));
        assertEquals(2, r.status(), r.err());
        assertEquals(message + System.lineSeparator(), r.err());
        assertEquals(List.of(), r.out());
    }

    @Test
    @DisplayName("an argument starting with @ is taken as it is, not as a file of arguments")
    void atIsNotAnArgumentFile() {
        Result r = run("eval", "--weights", "@" + dir.resolve("absent.json"));
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains("@" + dir.resolve("absent.json")), r.err());
    }
}
