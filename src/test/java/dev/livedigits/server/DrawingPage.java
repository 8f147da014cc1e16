package dev.livedigits.server;

import io.vertx.core.Vertx;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One headless chromium on the drawing page of one server, with what the page's browser tests do
 * to it: draw with fingers, a pen or a mouse, read the hooks, wait for the answer to settle.
 */
final class DrawingPage implements AutoCloseable {
    static final Path SHOTS = Path.of("target", "screenshots");
    static final String CNN = "base-v3";

    final ChromeDriver driver;
    private final int port;
    private final Path profile;

    /** The server with the shipped CNN active (the network view then shows feature maps as well). */
    static ServerFixture cnnServer(Vertx vertx, Path dir) throws Exception {
        Files.copy(Path.of("weights", CNN + ".json"), dir.resolve(CNN + ".json"));
        Files.writeString(dir.resolve("ACTIVE"), CNN + "\n", StandardCharsets.UTF_8);
        return new ServerFixture(vertx, dir);
    }

    DrawingPage(int port, String... chromeArguments) throws Exception {
        BrowserTest.requireBrowser();
        this.port = port;
        profile = Files.createTempDirectory("livedigits-chromium");
        driver = BrowserTest.startChrome(profile, chromeArguments);
        // The URLs of the WebSockets each document opens (what it asked the server for).
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "window.webSocketUrls = []; const PageWebSocket = window.WebSocket;"
                        + " window.WebSocket = class extends PageWebSocket { constructor(url, p) { super(url, p); window.webSocketUrls.push(String(url)); } };"));
        Files.createDirectories(SHOTS);
    }

    /** Opens the page, waits for its WebSocket, and records every digit #prediction shows from then on. */
    void open() {
        driver.get("http://127.0.0.1:" + port + "/");
        waitFor("live connection", () -> "open".equals(attr("#status", "data-state")));
        js("window.shownDigits = []; new MutationObserver(() => { const d = document.getElementById('prediction').dataset.digit;"
                + " if (d) window.shownDigits.push(d); }).observe(document.getElementById('prediction'), {attributes: true});");
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    String attr(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(what).until(d -> condition.getAsBoolean());
    }

    double[] padBox() {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) js(
                "const r = document.getElementById('pad').getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width};");
        return new double[] {r.get("x").doubleValue(), r.get("y").doubleValue(), r.get("w").doubleValue()};
    }

    /**
     * Pointers of one kind moving together, tick by tick: path i is pointer i's points (pad fractions,
     * one a tick, 10 ms apart); a {@code null} point means that pointer is up in that tick.
     */
    void draw(PointerInput.Kind kind, List<List<double[]>> paths) {
        double[] box = padBox();
        List<Sequence> sequences = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            PointerInput pointer = new PointerInput(kind, kind.name().toLowerCase() + i);
            Sequence s = new Sequence(pointer, 0);
            boolean isDown = false;
            for (double[] point : paths.get(i)) {   // two actions a point, so that the pointers' ticks line up
                if (point == null) {
                    s.addAction(isDown ? pointer.createPointerUp(0) : new Pause(pointer, Duration.ZERO));
                    s.addAction(new Pause(pointer, Duration.ofMillis(10)));
                    isDown = false;
                    continue;
                }
                int x = (int) Math.round(box[0] + point[0] * box[2]), y = (int) Math.round(box[1] + point[1] * box[2]);
                s.addAction(pointer.createPointerMove(isDown ? Duration.ofMillis(10) : Duration.ZERO, PointerInput.Origin.viewport(), x, y));
                s.addAction(isDown ? new Pause(pointer, Duration.ZERO) : pointer.createPointerDown(0));
                isDown = true;
            }
            s.addAction(isDown ? pointer.createPointerUp(0) : new Pause(pointer, Duration.ZERO));
            sequences.add(s);
        }
        driver.perform(sequences);
    }

    /** From a to b in {@code steps} ticks. */
    static List<double[]> line(double ax, double ay, double bx, double by, int steps) {
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k <= steps; k++) points.add(new double[] {ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps});
        return points;
    }

    @SafeVarargs
    static List<double[]> join(List<double[]>... parts) {
        List<double[]> all = new ArrayList<>();
        for (List<double[]> part : parts) all.addAll(part);
        return all;
    }

    static List<double[]> absent(int ticks) {
        return new ArrayList<>(Arrays.asList(new double[ticks][]));
    }

    /** The sum of a canvas's red channel: 0 when it is black. */
    long ink(String canvasCss) {
        return ((Number) js("const c = document.querySelector(arguments[0]); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i]; return s;", canvasCss)).longValue();
    }

    /** The brightest red value of a canvas: a network layer's gaps between tiles are 0x18, a blank tile 0. */
    long brightest(String canvasCss) {
        return ((Number) js("const c = document.querySelector(arguments[0]); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let m = 0; for (let i = 0; i < d.length; i += 4) m = Math.max(m, d[i]); return m;", canvasCss)).longValue();
    }

    /** Answers the bars showed to the newest frame sent, so far. */
    int answers() {
        return ((Number) js("return window.liveDigitsStats.latencies.length;")).intValue();
    }

    /** Pointer move → bars, ms, sorted, since the last call. */
    double[] takeLatencies() {
        @SuppressWarnings("unchecked")
        List<Number> raw = (List<Number>) js("const l = window.liveDigitsStats.latencies.slice(); window.liveDigitsStats.latencies.length = 0; return l;");
        return raw.stream().mapToDouble(Number::doubleValue).sorted().toArray();
    }

    /** The prediction once nothing on the page's answer has changed for 400 ms ("" when there is none). */
    String settled() throws InterruptedException {
        String last = null;
        long since = System.nanoTime();
        while (System.nanoTime() - since < 400_000_000L) {
            String now = attr("#prediction", "data-digit") + "@" + attr("#prediction", "data-confidence") + "@" + attr("#bars", "data-seq");
            if (!now.equals(last)) {
                last = now;
                since = System.nanoTime();
            }
            Thread.sleep(40);
        }
        return attr("#prediction", "data-digit");
    }

    void clear() {
        js("document.getElementById('clear').click(); window.shownDigits = [];");
    }

    /** Shows or hides the network view (the page reconnects) and waits for the connection. */
    void network(boolean on) {
        if (!Boolean.valueOf(on).equals(js("return document.getElementById('network-toggle').checked;"))) {
            driver.findElement(By.id("network-toggle")).click();
        }
        waitFor("connection open", () -> "open".equals(attr("#status", "data-state")));
    }

    /** The URL of the newest WebSocket the page opened. */
    String webSocketUrl() {
        return (String) js("return window.webSocketUrls[window.webSocketUrls.length - 1];");
    }

    void screenshot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** Any of the hooks needed while drawing that is not wholly inside the viewport, and a page wider than it. */
    List<Object> offScreen() {
        @SuppressWarnings("unchecked")
        List<Object> out = (List<Object>) js("const out = [];"
                + " for (const el of document.querySelectorAll('#pad, #clear, #undo, #prediction, #bars [data-digit]')) {"
                + "   const r = el.getBoundingClientRect();"
                + "   if (r.width < 1 || r.left < 0 || r.top < 0 || r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5)"
                + "     out.push((el.id || 'bar ' + el.dataset.digit) + ' at ' + [r.left, r.top, r.right, r.bottom].map(Math.round) + ' in ' + innerWidth + 'x' + innerHeight); }"
                + " if (document.documentElement.scrollWidth > innerWidth) out.push('page wider than the screen: ' + document.documentElement.scrollWidth);"
                + " return out;");
        return out;
    }

    @Override
    public void close() throws Exception {
        driver.quit();
        BrowserTest.delete(profile);
    }
}
