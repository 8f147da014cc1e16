package dev.livedigits.cli;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalization;
import dev.livedigits.data.DrawnCheck;
import dev.livedigits.data.DrawnDigits;
import dev.livedigits.nn.Evaluation;
import dev.livedigits.nn.ForwardPass;
import dev.livedigits.nn.Softmax;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.model.ModelDirectory;
import dev.livedigits.model.SavedModel;
import dev.livedigits.model.WeightsFile;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code eval}: accuracy on the 10k MNIST test set as the server sees it, per digit, confusion, worst mistakes. */
@Command(name = "eval", mixinStandardHelpOptions = true, versionProvider = ProjectVersion.class,
        description = {"Score a model on the 10k MNIST test set and the drawn-digits check.",
                "Accuracy through the server's normalizer (and on raw MNIST pixels), per digit, the confusion matrix, "
                        + "the 20 most confident mistakes and the drawn-digits check. Last line: accuracy=0.xxxx"})
final class EvalCommand implements Callable<Integer> {
    private final PrintStream out;

    @Option(names = "--weights", paramLabel = "FILE", description = "a weights file (default: the active model, $WEIGHTS_DIR/ACTIVE)")
    Path weights;

    @Option(names = "--data", paramLabel = "DIR", description = "the MNIST IDX files (default: ${DEFAULT-VALUE})")
    Path dataDir = MnistDataset.defaultDir();

    EvalCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws IOException {
        SavedModel model = weights != null ? WeightsFile.read(weights) : ModelDirectory.fromEnvironment().loadActive();
        MnistDataset mnist = MnistDataset.load(dataDir);
        LabeledImages raw = mnist.test();
        LabeledImages served = Normalization.normalizeAll(raw);
        Evaluation evaluation;
        Evaluation rawEvaluation;
        try (Evaluator evaluator = new Evaluator(Runtime.getRuntime().availableProcessors())) {
            evaluation = evaluator.evaluate(model.network(), served.pixels(), served.labels(), served.count());
            rawEvaluation = evaluator.evaluate(model.network(), raw.pixels(), raw.labels(), raw.count());
        }
        out.printf(Locale.ROOT, "model %s %s (file says test accuracy %.4f, trained %s)%n", model.id(),
                model.network().architecture(), model.info().testAccuracy(), model.info().trainedAt());
        out.printf(Locale.ROOT, "test images: %d, through the server's normalizer: %d correct%n", evaluation.count(), evaluation.correct());
        out.printf(Locale.ROOT, "raw MNIST pixels (no re-normalization), for reference: accuracy=%.4f%n", rawEvaluation.accuracy());
        double[] perDigit = evaluation.perDigitAccuracy();
        StringBuilder line = new StringBuilder("per-digit accuracy:");
        for (int d = 0; d < 10; d++) line.append(String.format(Locale.ROOT, " %d=%.4f", d, perDigit[d]));
        out.println(line);
        out.println("confusion matrix (rows: true digit, columns: predicted):");
        StringBuilder header = new StringBuilder("      ");
        for (int d = 0; d < 10; d++) header.append(String.format(Locale.ROOT, "%6d", d));
        out.println(header);
        int[][] confusion = evaluation.confusion();
        for (int a = 0; a < 10; a++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%6d", a));
            for (int p = 0; p < 10; p++) row.append(String.format(Locale.ROOT, "%6d", confusion[a][p]));
            out.println(row);
        }
        out.println("most confident mistakes (test index:true->predicted@confidence): " + evaluation.mostConfidentMistakes(20).stream()
                .map(i -> String.format(Locale.ROOT, "%d:%d->%d@%.3f", i, raw.label(i), evaluation.predicted(i), evaluation.confidence(i)))
                .collect(Collectors.joining(" ")));
        // Digits drawn as strokes in many styles on the page's 280×280 canvas, beside MNIST's scans.
        DrawnCheck check = DrawnDigits.check();
        ForwardPass pass = new ForwardPass();
        out.print(check.score(image -> Softmax.argmax(pass.run(model.network(), image, 0), 10)).report());
        out.printf(Locale.ROOT, "accuracy=%.4f%n", evaluation.accuracy());
        return 0;
    }
}
