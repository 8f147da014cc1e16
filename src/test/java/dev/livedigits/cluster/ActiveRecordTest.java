package dev.livedigits.cluster;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActiveRecordTest {
    @Test
    @DisplayName("the split-brain rule: higher term wins, then later activation, then larger version id; every node orders alike")
    void newerByTermThenTimeThenId() {
        ActiveRecord t2 = new ActiveRecord("v-a", 2, 1000, "n1");
        ActiveRecord t3early = new ActiveRecord("v-b", 3, 10, "n2");
        ActiveRecord t3late = new ActiveRecord("v-c", 3, 20, "n3");
        ActiveRecord t3lateLargerId = new ActiveRecord("v-d", 3, 20, "n1");
        assertTrue(t3early.newerThan(t2), "a higher term beats a later time");
        assertTrue(t3late.newerThan(t3early));
        assertTrue(t3lateLargerId.newerThan(t3late));
        assertFalse(t3late.newerThan(t3lateLargerId));
        assertFalse(t2.newerThan(t2), "a record is not newer than itself");
        assertTrue(t2.newerThan(null));
        assertEquals(t3late, ActiveRecord.fromJson(t3late.toJson()));
    }

    @Test
    @DisplayName("cluster settings from the environment, with a clear message for each bad value")
    void configFromEnvironment() {
        ClusterConfig c = ClusterConfig.fromMap(Map.of("CLUSTER_HOST", "node1", "CLUSTER_MEMBERS", "node1:5701, node2:5701",
                "CLUSTER_NAME", "museum"));
        assertEquals(List.of("node1:5701", "node2:5701"), c.members());
        assertEquals(5701, c.port());
        assertEquals(5702, c.eventBusPort());
        assertTrue(ClusterConfig.requested(Map.of("CLUSTER", "true")));
        assertFalse(ClusterConfig.requested(Map.of()));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterConfig.fromMap(Map.of("CLUSTER_PORT", "x")))
                .getMessage().contains("CLUSTER_PORT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterConfig.fromMap(Map.of("CLUSTER_MEMBERS", "node1")))
                .getMessage().contains("host:port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ClusterConfig.fromMap(Map.of("CLUSTER_NAME", "a b")))
                .getMessage().contains("CLUSTER_NAME"));
    }
}
