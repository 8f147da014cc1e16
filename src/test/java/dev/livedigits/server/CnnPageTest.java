package dev.livedigits.server;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A test class's server with the shipped CNN active (so the network view has feature maps to show)
 * and one browser on its drawing page, started once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CnnPageTest {
    private Vertx vertx;
    private Path dir;
    private ServerFixture fixture;
    DrawingPage page;

    /** The browser window, e.g. {@code "1100,900"}. */
    abstract String windowSize();

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("livedigits-cnn-page");
        fixture = DrawingPage.cnnServer(vertx, dir);
    }

    @BeforeEach
    void browser() throws Exception {
        BrowserTest.requireBrowser();
        if (page == null) page = new DrawingPage(fixture.port(), "--window-size=" + windowSize());
    }

    @AfterAll
    void stop() throws Exception {
        if (page != null) page.close();
        if (fixture != null) fixture.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        BrowserTest.delete(dir);
    }
}
