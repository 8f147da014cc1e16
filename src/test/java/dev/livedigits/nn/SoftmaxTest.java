package dev.livedigits.nn;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftmaxTest {

    @Test
    @DisplayName("huge logits give finite probabilities that sum to one and a finite loss")
    void hugeLogitsStayFinite() {
        float[][] cases = {
                {1e4f, -1e4f, 0f},
                {88f, 89f, 90f},
                {3e38f, -3e38f, 0f},
                {-3e38f, -3e38f, -3e38f},
                {1000f, 1000f, 1000f},
        };
        for (float[] z : cases) {
            float[] p = new float[z.length];
            double lse = Softmax.probabilities(z, z.length, p);
            assertTrue(Double.isFinite(lse), "log-sum-exp finite for " + java.util.Arrays.toString(z));
            double sum = 0;
            for (int j = 0; j < z.length; j++) {
                assertTrue(Float.isFinite(p[j]) && p[j] >= 0 && p[j] <= 1, "probability " + p[j]);
                sum += p[j];
                double loss = Softmax.crossEntropy(z, j, lse);
                assertTrue(Double.isFinite(loss) && loss >= 0, "loss " + loss + " for class " + j);
            }
            assertEquals(1.0, sum, 1e-6);
        }
    }

    @Test
    @DisplayName("cross-entropy of a confidently wrong answer is the logit gap, not infinity")
    void confidentlyWrongLossIsTheGap() {
        float[] z = {1000f, -1000f};
        float[] p = new float[2];
        double lse = Softmax.probabilities(z, 2, p);
        assertEquals(1f, p[0]);
        assertEquals(0f, p[1]);
        assertEquals(0.0, Softmax.crossEntropy(z, 0, lse), 1e-9);
        assertEquals(2000.0, Softmax.crossEntropy(z, 1, lse), 1e-9);
    }

    @Test
    @DisplayName("equal logits give a uniform distribution and ties go to the lower index")
    void uniform() {
        float[] z = {5f, 5f, 5f, 5f};
        float[] p = new float[4];
        double lse = Softmax.probabilities(z, 4, p);
        for (float v : p) assertEquals(0.25f, v, 1e-7);
        assertEquals(Math.log(4), Softmax.crossEntropy(z, 2, lse), 1e-6);
        assertEquals(0, Softmax.argmax(p, 4));
    }
}
