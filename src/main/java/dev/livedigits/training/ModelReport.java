package dev.livedigits.training;

import dev.livedigits.data.LabeledImages;
import dev.livedigits.model.SavedModel;
import dev.livedigits.nn.Evaluation;
import dev.livedigits.nn.Evaluator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a model version goes wrong, as plain maps and lists ready to be written as JSON (the admin
 * API's {@code GET /admin/models/<id>/report}): on the MNIST test set per-digit accuracy, the
 * confusion matrix and the most confident mistakes with their images; on the drawn-digits check the
 * same per digit; and on the held-out user samples, which grow as people teach and so are a part of
 * their own. The figures are the {@code eval} command's: the same normalized images, the same
 * {@link Evaluator}.
 */
public final class ModelReport {
    /** Mistakes shown: two rows of twelve thumbnails, enough to see a pattern. */
    public static final int MISTAKES = 24;

    private ModelReport() {
    }

    /** The part that depends on the version alone (versions never change): MNIST test, drawn check, the gate's record. */
    public static Map<String, Object> fixedPart(SavedModel model, ValidationSets sets, Evaluator evaluator) {
        long began = System.nanoTime();
        Evaluation test = ValidationSets.evaluate(evaluator, model.network(), sets.test());
        Evaluation drawn = ValidationSets.evaluate(evaluator, model.network(), sets.drawnCheck());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", model.id());
        report.put("architecture", model.network().architecture().describe());
        report.put("trainedAt", model.info().trainedAt().toString());
        Map<String, Object> testPart = summary(test);
        testPart.put("confusion", Arrays.stream(test.confusion()).map(row -> Arrays.stream(row).boxed().toList()).toList());
        report.put("test", testPart);
        report.put("mistakes", mistakes(test, sets.test()));
        report.put("drawn", summary(drawn));
        Object gate = model.info().training().get("gate");
        if (gate != null) report.put("gate", gate);
        report.put("computedAt", Instant.now().toString());
        report.put("computeMillis", (System.nanoTime() - began) / 1_000_000);
        return report;
    }

    /** The held-out user samples' part: count, right, per digit (null accuracy where there is none). */
    public static Map<String, Object> heldOutPart(SavedModel model, LabeledImages heldOut, Evaluator evaluator) {
        return summary(ValidationSets.evaluate(evaluator, model.network(), heldOut));
    }

    private static Map<String, Object> summary(Evaluation e) {
        Map<String, Object> m = new LinkedHashMap<>();
        int[][] confusion = e.confusion();
        int correct = 0;
        List<Map<String, Object>> perDigit = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            int count = Arrays.stream(confusion[d]).sum();
            correct += confusion[d][d];
            Map<String, Object> digit = new LinkedHashMap<>();
            digit.put("digit", d);
            digit.put("count", count);
            digit.put("correct", confusion[d][d]);
            digit.put("accuracy", count == 0 ? null : (double) confusion[d][d] / count);
            perDigit.add(digit);
        }
        m.put("count", e.count());
        m.put("correct", correct);
        m.put("accuracy", e.count() == 0 ? null : (double) correct / e.count());
        m.put("perDigit", perDigit);
        return m;
    }

    private static List<Map<String, Object>> mistakes(Evaluation e, LabeledImages images) {
        List<Map<String, Object>> list = new ArrayList<>();
        Base64.Encoder base64 = Base64.getEncoder();
        int size = images.imageSize();
        for (int i : e.mostConfidentMistakes(MISTAKES)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            m.put("digit", images.label(i));
            m.put("predicted", e.predicted(i));
            m.put("confidence", (double) e.confidence(i));
            // As the model saw it: 28×28, row-major, 0 = background, 255 = ink.
            m.put("image", base64.encodeToString(Arrays.copyOfRange(images.pixels(), images.offset(i), images.offset(i) + size)));
            list.add(m);
        }
        return list;
    }
}
