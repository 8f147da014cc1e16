package dev.livedigits.cli.bench;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReplyTest {

    @Test
    @DisplayName("a prediction's type and seq are read without a JSON tree")
    void prediction() {
        String json = "{\"type\":\"prediction\",\"seq\":1234,\"empty\":false,\"digit\":3,\"confidence\":0.9,"
                + "\"probabilities\":[0.1,0.1,0.1,0.3,0.1,0.1,0.05,0.05,0.05,0.05],\"model\":\"base-v1\",\"inferenceMicros\":42}";
        assertEquals(Reply.Kind.PREDICTION, Reply.kind(json));
        assertEquals(1234, Reply.seq(json));
    }

    @Test
    @DisplayName("an error answering a frame carries its seq; one without seq reads as -1")
    void errors() {
        assertEquals(Reply.Kind.ERROR, Reply.kind("{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"x\",\"seq\":7}"));
        assertEquals(7, Reply.seq("{\"type\":\"error\",\"code\":\"bad_frame\",\"message\":\"x\",\"seq\":7}"));
        assertEquals(-1, Reply.seq("{\"type\":\"error\",\"code\":\"bad_json\",\"message\":\"not JSON\"}"));
    }

    @Test
    @DisplayName("white space around the colon is allowed; other message types are not answers")
    void spacingAndOtherTypes() {
        assertEquals(Reply.Kind.PREDICTION, Reply.kind("{ \"seq\" : 5 , \"type\" : \"prediction\" }"));
        assertEquals(5, Reply.seq("{ \"seq\" : 5 , \"type\" : \"prediction\" }"));
        assertEquals(Reply.Kind.OTHER, Reply.kind("{\"type\":\"model\",\"model\":\"v2\",\"accuracy\":0.99}"));
        assertEquals(Reply.Kind.OTHER, Reply.kind("{\"type\":\"labelled\",\"digit\":3,\"samples\":4}"));
        assertEquals(Reply.Kind.OTHER, Reply.kind("{\"type\":\"predictions\",\"seq\":1}"));
        assertEquals(Reply.Kind.OTHER, Reply.kind("not json"));
        assertEquals(-1, Reply.seq("{\"seq\":\"3\"}"));
        assertEquals(-1, Reply.seq("{\"seq\":-3}"));
    }
}
