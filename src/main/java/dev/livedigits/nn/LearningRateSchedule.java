package dev.livedigits.nn;

/** The learning rate as a function of the mini-batch step. */
public interface LearningRateSchedule {
    float rate(long step, long totalSteps);

    String name();

    static LearningRateSchedule constant(float lr) {
        return new LearningRateSchedule() {
            @Override public float rate(long step, long totalSteps) { return lr; }
            @Override public String name() { return "constant"; }
        };
    }

    /**
     * Half a cosine from {@code lr} down to {@code lr/100}: large steps early, and a slow finish that
     * settles into a minimum instead of bouncing around it (worth a few tenths of a percent on MNIST).
     */
    static LearningRateSchedule cosine(float lr) {
        return new LearningRateSchedule() {
            @Override public float rate(long step, long totalSteps) {
                double progress = totalSteps <= 1 ? 0 : Math.min(1.0, (double) step / (totalSteps - 1));
                double floor = lr / 100.0;
                return (float) (floor + (lr - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
            }
            @Override public String name() { return "cosine"; }
        };
    }

    static LearningRateSchedule named(String name, float lr) {
        return switch (name) {
            case "constant" -> constant(lr);
            case "cosine" -> cosine(lr);
            default -> throw new IllegalArgumentException("schedule: must be constant or cosine, got " + name);
        };
    }
}
