package dev.livedigits.training;

import dev.livedigits.training.ValidationGate.Decision;
import dev.livedigits.training.ValidationGate.Numbers;
import dev.livedigits.training.ValidationGate.Tally;
import dev.livedigits.training.ValidationGate.Verdict;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationGateTest {
    /** The active model in every case: 99.60 % on MNIST, 596/600 drawn, 40/50 held-out samples right. */
    private static final Numbers ACTIVE = numbers(9960, 596, 40, 50);

    private static Numbers numbers(int testRight, int drawnRight, int heldOutRight, int heldOutCount) {
        return new Numbers(new Tally(testRight, 10_000), new Tally(drawnRight, 600), new Tally(heldOutRight, heldOutCount));
    }

    @ParameterizedTest(name = "{0}")
    @DisplayName("the gate's decision: each criterion's verdict, then activate or not")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                       | test | drawn | heldOut right/count | tolerance | force | mnist   | drawn   | heldOut | activate
            equal everywhere                             | 9960 | 596   | 40 | 50               | 0.005     | false | pass    | pass    | pass    | true
            default job: 0.17 points lower, reads more   | 9943 | 598   | 43 | 50               | 0.005     | false | pass    | pass    | pass    | true
            exactly at the tolerance                     | 9910 | 596   | 40 | 50               | 0.005     | false | pass    | pass    | pass    | true
            one image below the tolerance                | 9909 | 596   | 40 | 50               | 0.005     | false | fail    | pass    | pass    | false
            zero tolerance, one image less               | 9959 | 600   | 50 | 50               | 0       | false | fail    | pass    | pass    | false
            wider tolerance lets it in                   | 9909 | 596   | 40 | 50               | 0.01      | false | pass    | pass    | pass    | true
            one drawn frame fewer                        | 9990 | 595   | 50 | 50               | 0.005     | false | pass    | fail    | pass    | false
            one held-out sample fewer                    | 9990 | 600   | 39 | 50               | 0.005     | false | pass    | pass    | fail    | false
            worse everywhere, forced                     | 9000 | 500   | 10 | 50               | 0.005     | true  | fail    | fail    | fail    | true
            """)
    void decisions(String name, int test, int drawn, int heldOutRight, int heldOutCount, double tolerance, boolean force,
                   Verdict mnist, Verdict drawnVerdict, Verdict heldOut, boolean activate) {
        Decision d = ValidationGate.decide(numbers(test, drawn, heldOutRight, heldOutCount), "base-v3", ACTIVE, tolerance, force);
        assertEquals(List.of(mnist, drawnVerdict, heldOut), d.criteria().stream().map(ValidationGate.Criterion::verdict).toList(), name);
        assertEquals(activate, d.activate(), name);
        assertEquals(force && !d.passed(), d.forced(), name);
    }

    @Test
    @DisplayName("too few held-out samples: that criterion is skipped and does not decide, and the summary says so")
    void tooFewHeldOut() {
        Numbers active = numbers(9960, 596, 19, 19);
        Decision d = ValidationGate.decide(numbers(9950, 597, 0, 19), "base-v3", active, ValidationGate.DEFAULT_TOLERANCE, false);
        assertEquals(Verdict.skipped, d.criteria().get(2).verdict());
        assertTrue(d.activate());
        assertTrue(d.summary().contains("held-out samples: not judged: 19 held out, 20 needed"), d.summary());
        Decision none = ValidationGate.decide(numbers(9950, 597, 0, 0), "base-v3", numbers(9960, 596, 0, 0), 0.005, false);
        assertEquals(Verdict.skipped, none.criteria().get(2).verdict());
        assertNull(none.criteria().get(2).toMap().get("candidate"), "no NaN in JSON: null when there was nothing to read");
        assertTrue(ValidationGate.decide(numbers(9950, 597, 18, 20), "base-v3", numbers(9960, 596, 19, 20), 0.005, false)
                .criteria().get(2).verdict() == Verdict.fail, "at 20 samples it judges");
    }

    @Test
    @DisplayName("the outcome names the numbers that decided: the failing criterion with both models' figures")
    void summaryNamesTheNumbers() {
        Decision refused = ValidationGate.decide(numbers(9990, 595, 50, 50), "base-v3", ACTIVE, 0.005, false);
        assertEquals("drawn check 595/600 < active's 596/600", refused.summary());
        Decision passed = ValidationGate.decide(numbers(9943, 598, 43, 50), "base-v3", ACTIVE, 0.005, false);
        assertEquals("MNIST test 0.9943 ≥ 0.9910 (active 0.9960 − 0.005); drawn check 598/600 ≥ active's 596/600; "
                + "held-out samples 43/50 ≥ active's 40/50", passed.summary());
        Map<String, Object> mnist = passed.criteria().get(0).toMap();
        assertEquals(0.9943, mnist.get("candidate"));
        assertEquals(0.996, mnist.get("active"));
        assertEquals(0.991, mnist.get("threshold"));
        assertEquals(true, mnist.get("pass"));
    }

    @Test
    @DisplayName("without an active model the candidate goes live; a tolerance out of bounds is refused")
    void edges() {
        Decision first = ValidationGate.decide(numbers(5000, 100, 0, 0), null, null, 0.005, false);
        assertTrue(first.activate());
        assertFalse(first.forced());
        assertEquals(List.of(), first.criteria());
        assertThrows(IllegalArgumentException.class, () -> ValidationGate.decide(ACTIVE, "a", ACTIVE, 0.03, false));
        assertThrows(IllegalArgumentException.class, () -> ValidationGate.decide(ACTIVE, "a", ACTIVE, -0.001, false));
    }
}
