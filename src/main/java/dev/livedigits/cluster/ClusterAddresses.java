package dev.livedigits.cluster;

/** The event-bus addresses nodes use to talk to each other; "per node" ones end in the node's id. */
final class ClusterAddresses {
    /** Publish: an {@link ActiveRecord} after every activation. */
    static final String ACTIVATED = "livedigits.cluster.activated";
    /** Publish: a labelled sample stored on some node. */
    static final String SAMPLE = "livedigits.cluster.sample";

    private ClusterAddresses() {}

    /** Per node, request: {@code {"id","offset"}}; reply: a chunk of that version's weights file. */
    static String weights(String node) {
        return "livedigits.cluster.weights." + node;
    }

    /** Per node, request: {@code {"id","from"}}: copy that version from node {@code from}; reply once it is verified here. */
    static String copy(String node) {
        return "livedigits.cluster.copy." + node;
    }

    /** Per node, request: nothing; reply: the version ids it holds. */
    static String versions(String node) {
        return "livedigits.cluster.versions." + node;
    }

    /** Per node, request: {@code {"after":{origin:seq},"limit"}}; reply: samples it holds beyond those. */
    static String samples(String node) {
        return "livedigits.cluster.samples." + node;
    }

    /** Per node, request: nothing; reply: its {@code /admin/cluster} entry. */
    static String status(String node) {
        return "livedigits.cluster.status." + node;
    }
}
