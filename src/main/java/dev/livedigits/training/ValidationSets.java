package dev.livedigits.training;

import dev.livedigits.data.DrawnDigits;
import dev.livedigits.data.LabeledImages;
import dev.livedigits.data.MnistDataset;
import dev.livedigits.data.Normalization;
import dev.livedigits.nn.Evaluation;
import dev.livedigits.nn.Evaluator;
import dev.livedigits.nn.Network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * What a model is judged on, as the server would see it: the 10k MNIST test images and the
 * drawn-digits check, both through the {@link dev.livedigits.data.Normalizer}. Shared by the
 * training pipeline, the validation gate and the model report, so all three score on the same bytes
 * (and {@code eval} scores on the same too: it normalizes the same way).
 */
public final class ValidationSets {
    private final LabeledImages test;
    private final LabeledImages drawnCheck;

    private ValidationSets(LabeledImages test, LabeledImages drawnCheck) {
        this.test = test;
        this.drawnCheck = drawnCheck;
    }

    /** From MNIST's raw test images (the drawn check is always the same 600 frames). */
    public static ValidationSets of(LabeledImages rawTest) {
        return new ValidationSets(Normalization.normalizeAll(rawTest), DrawnDigits.check().normalized());
    }

    public static ValidationSets load(Path mnistDir) throws IOException {
        return of(MnistDataset.loadTest(mnistDir));
    }

    /** Loaded on first use (about a second: reading, normalizing, drawing 600 frames), then kept. */
    public static Supplier<ValidationSets> lazy(Supplier<Path> mnistDir) {
        return new Supplier<>() {
            private ValidationSets sets;

            @Override
            public synchronized ValidationSets get() {
                if (sets == null) {
                    try {
                        sets = load(mnistDir.get());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return sets;
            }
        };
    }

    /** The 10k MNIST test images, normalized; read-only. */
    public LabeledImages test() {
        return test;
    }

    /** The 600 frames of the drawn-digits check, normalized; read-only. */
    public LabeledImages drawnCheck() {
        return drawnCheck;
    }

    /** A network's answers on the test set, the drawn check and {@code heldOut} (possibly no images). */
    public Scores score(Evaluator evaluator, Network network, LabeledImages heldOut) {
        return new Scores(evaluate(evaluator, network, test), evaluate(evaluator, network, drawnCheck), evaluate(evaluator, network, heldOut));
    }

    static Evaluation evaluate(Evaluator evaluator, Network network, LabeledImages images) {
        return evaluator.evaluate(network, images.pixels(), images.labels(), images.count());
    }

    /** One network's answers on each set the gate and the report look at. */
    public record Scores(Evaluation test, Evaluation drawn, Evaluation heldOut) {
    }
}
