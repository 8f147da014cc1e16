package dev.livedigits.server;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The drawing page on an emulated phone (DevTools device metrics, touch emulation, a phone's user
 * agent): fingers and a pen draw through W3C touch and pen actions, a second finger never does, the
 * pad, the answer and all ten bars fit one screen upright and on its side, and the page does not
 * scroll under a drawing finger. The server serves the shipped CNN, so the network view shows feature
 * maps. Screenshots go to {@code target/screenshots/phone-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PhoneBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String CNN = "base-v3";
    private static final String PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/130.0.0.0 Mobile Safari/537.36";
    private static Vertx vertx;
    private static Path dir;
    private static ServerFixture fixture;
    private static ChromeDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("livedigits-phone");
        Files.copy(Path.of("weights", CNN + ".json"), dir.resolve(CNN + ".json"));
        Files.writeString(dir.resolve("ACTIVE"), CNN + "\n", StandardCharsets.UTF_8);
        fixture = new ServerFixture(vertx, dir);
        Files.createDirectories(SHOTS);
    }

    @BeforeEach
    void browser() throws Exception {
        BrowserTest.requireBrowser();
        if (driver != null) return;
        profile = Files.createTempDirectory("livedigits-chromium-phone");
        driver = BrowserTest.startChrome(profile, "--window-size=800,900");
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) driver.quit();
        if (fixture != null) fixture.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        BrowserTest.delete(profile, dir);
    }

    // ---- helpers ----------------------------------------------------------------------------

    /** The page as a phone of {@code width} × {@code height} CSS pixels (density 2) with a touch screen shows it. */
    private void openAsPhone(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent", PHONE_UA));
        driver.get("http://127.0.0.1:" + fixture.port() + "/");
        waitFor("live connection", () -> "open".equals(attr("#status", "data-state")));
        js("window.shownDigits = []; new MutationObserver(() => { const d = document.getElementById('prediction').dataset.digit;"
                + " if (d) window.shownDigits.push(d); }).observe(document.getElementById('prediction'), {attributes: true});");
    }

    private Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    private String attr(String css, String name) {
        return driver.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(what).until(d -> condition.getAsBoolean());
    }

    private double[] padBox() {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) js(
                "const r = document.getElementById('pad').getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width};");
        return new double[] {r.get("x").doubleValue(), r.get("y").doubleValue(), r.get("w").doubleValue()};
    }

    /**
     * Pointers of one kind moving together, tick by tick: path i is finger i's points (pad fractions,
     * one a tick); a {@code null} point means that finger is not touching in that tick.
     */
    private void touch(PointerInput.Kind kind, List<List<double[]>> paths) {
        double[] box = padBox();
        List<Sequence> sequences = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            PointerInput finger = new PointerInput(kind, kind.name().toLowerCase() + i);
            Sequence s = new Sequence(finger, 0);
            boolean isDown = false;
            for (double[] point : paths.get(i)) {   // two actions a point, so that the fingers' ticks line up
                if (point == null) {
                    s.addAction(isDown ? finger.createPointerUp(0) : new Pause(finger, Duration.ZERO));
                    s.addAction(new Pause(finger, Duration.ofMillis(10)));
                    isDown = false;
                    continue;
                }
                int x = (int) Math.round(box[0] + point[0] * box[2]), y = (int) Math.round(box[1] + point[1] * box[2]);
                s.addAction(finger.createPointerMove(isDown ? Duration.ofMillis(10) : Duration.ZERO, PointerInput.Origin.viewport(), x, y));
                s.addAction(isDown ? new Pause(finger, Duration.ZERO) : finger.createPointerDown(0));
                isDown = true;
            }
            s.addAction(isDown ? finger.createPointerUp(0) : new Pause(finger, Duration.ZERO));
            sequences.add(s);
        }
        driver.perform(sequences);
    }

    /** From a to b in {@code steps} ticks. */
    private static List<double[]> line(double ax, double ay, double bx, double by, int steps) {
        List<double[]> points = new ArrayList<>();
        for (int k = 0; k <= steps; k++) points.add(new double[] {ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps});
        return points;
    }

    private static List<double[]> join(List<double[]> a, List<double[]> b) {
        List<double[]> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static List<double[]> absent(int ticks) {
        List<double[]> none = new ArrayList<>();
        for (int k = 0; k < ticks; k++) none.add(null);
        return none;
    }

    private long padInk() {
        return ((Number) js("const c = document.getElementById('pad'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                + " let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i]; return s;")).longValue();
    }

    private int answers() {
        return ((Number) js("return window.liveDigitsStats.latencies.length;")).intValue();
    }

    /** The prediction once nothing has changed for 400 ms ("" when there is none). */
    private String settled() throws InterruptedException {
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

    private void clear() {
        js("document.getElementById('clear').click(); window.shownDigits = [];");
    }

    private void screenshot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    /** The hooks that must be on screen while drawing, and any of them that is not wholly inside the viewport. */
    private List<Object> offScreen() {
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

    // ---- tests ------------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName("a 360×640 phone: pad, Clear, Undo, the prediction and all ten bars on one screen; 44 px targets, no key hints, network off")
    void smallPhoneFitsOneScreen() throws Exception {
        openAsPhone(360, 640);
        assertEquals(true, js("return matchMedia('(pointer: coarse)').matches && matchMedia('(hover: none)').matches;"), "touch emulation");
        assertEquals(List.of(), offScreen());
        assertTrue(padBox()[2] >= 300, "pad " + padBox()[2] + " px wide");
        @SuppressWarnings("unchecked")
        List<Object> small = (List<Object>) js("return [...document.querySelectorAll('button, .switch')]"
                + ".map(b => b.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).map(r => r.width + 'x' + r.height);");
        assertEquals(List.of(), small, "tap targets under 44 px");
        assertEquals(true, js("return [...document.querySelectorAll('kbd')].every(k => getComputedStyle(k).display === 'none');"), "key hints hidden");
        assertEquals(false, js("return document.getElementById('network-toggle').checked;"), "network view off by default on a phone");
        assertEquals(true, js("return document.getElementById('network').hidden;"));

        touch(PointerInput.Kind.TOUCH, List.of(join(line(0.3, 0.25, 0.7, 0.25, 12), line(0.7, 0.25, 0.45, 0.85, 16))));
        assertEquals("7", settled());
        assertEquals(List.of(), offScreen(), "everything still on screen after drawing");
        assertEquals(0L, ((Number) js("return window.scrollY;")).longValue());
        screenshot("phone-360x640");
        assertEquals(List.of(), js("return window.cspViolations;"));
    }

    @Test
    @Order(2)
    @DisplayName("a phone on its side (640×360): pad, Clear, Undo, the prediction and all ten bars on one screen")
    void landscapeFitsOneScreen() throws Exception {
        openAsPhone(640, 360);
        assertEquals(List.of(), offScreen());
        assertTrue(padBox()[2] >= 280, "pad " + padBox()[2] + " px wide");
        touch(PointerInput.Kind.TOUCH, List.of(line(0.5, 0.15, 0.5, 0.85, 20)));
        assertEquals("1", settled());
        assertEquals(List.of(), offScreen());
        screenshot("phone-640x360");
    }

    @Test
    @Order(3)
    @DisplayName("one finger and a pen draw and the bars follow the stroke; the page does not scroll under the finger")
    void fingerAndPenDraw() throws Exception {
        openAsPhone(390, 844);
        assertEquals(List.of(), offScreen());
        // Control: a finger dragged up on the teaching panel (not the pad) does scroll the page.
        long before = ((Number) js("return window.scrollY;")).longValue();
        assertEquals(0L, before);

        int answersBefore = answers();
        touch(PointerInput.Kind.TOUCH, List.of(line(0.5, 0.9, 0.5, 0.1, 30)));   // upwards: would scroll the page down
        assertEquals("1", settled());
        assertTrue(answers() - answersBefore >= 3, "answers during one finger's stroke: " + (answers() - answersBefore));
        assertTrue(padInk() > 0);
        assertEquals(0L, ((Number) js("return window.scrollY;")).longValue(), "the page scrolled under a drawing finger");
        assertEquals(List.of(), offScreen());

        clear();
        answersBefore = answers();
        touch(PointerInput.Kind.PEN, List.of(join(line(0.3, 0.25, 0.7, 0.25, 12), line(0.7, 0.25, 0.45, 0.85, 16))));
        assertEquals("7", settled());
        assertTrue(answers() - answersBefore >= 3, "answers during the pen's stroke: " + (answers() - answersBefore));
        assertEquals(0L, ((Number) js("return window.scrollY;")).longValue());
        screenshot("phone-390x844");

        // The control: the same finger movement outside the pad scrolls, so the zero above means something.
        double[] box = padBox();
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "control");
        Sequence swipe = new Sequence(finger, 0);
        int x = (int) (box[0] + box[2] / 2), y = (int) (box[1] + box[2] + 200);
        swipe.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), x, y));
        swipe.addAction(finger.createPointerDown(0));
        for (int k = 1; k <= 10; k++) swipe.addAction(finger.createPointerMove(Duration.ofMillis(10), PointerInput.Origin.viewport(), x, y - 15 * k));
        swipe.addAction(finger.createPointerUp(0));
        driver.perform(List.of(swipe));
        waitFor("the page scrolled under a swipe outside the pad", () -> ((Number) js("return window.scrollY;")).doubleValue() > 0);
    }

    @Test
    @Order(4)
    @DisplayName("two fingers never draw: a pinch, a two-finger pan, and a second finger landing mid-stroke")
    void twoFingersNeverDraw() throws Exception {
        openAsPhone(390, 844);
        // A pinch out and a two-finger pan, both fingers down in the same tick.
        touch(PointerInput.Kind.TOUCH, List.of(line(0.4, 0.4, 0.1, 0.1, 15), line(0.6, 0.6, 0.9, 0.9, 15)));
        touch(PointerInput.Kind.TOUCH, List.of(line(0.2, 0.3, 0.2, 0.7, 15), line(0.6, 0.3, 0.6, 0.7, 15)));
        assertEquals("", settled());
        assertEquals(0L, padInk(), "pixels drawn by two fingers");
        assertEquals(List.of(), js("return window.shownDigits;"), "a prediction was shown for a two-finger gesture");
        assertEquals("", attr("#prediction", "data-digit"));

        // One finger writes a while, then a second lands: the stroke is taken back, the answer with it.
        List<double[]> first = join(line(0.5, 0.15, 0.5, 0.5, 12), line(0.5, 0.5, 0.5, 0.85, 12));
        List<double[]> second = join(absent(13), line(0.8, 0.5, 0.9, 0.9, 11));
        touch(PointerInput.Kind.TOUCH, List.of(first, second));
        assertEquals("", settled());
        assertEquals(0L, padInk(), "the stroke a second finger interrupted was taken back");
        for (String css : List.of("#bars [data-digit=\"1\"]", "#bars [data-digit=\"7\"]")) assertEquals("0.0000", attr(css, "data-confidence"));

        // Then one finger writes again as usual.
        touch(PointerInput.Kind.TOUCH, List.of(line(0.5, 0.15, 0.5, 0.85, 20)));
        assertEquals("1", settled());
        assertTrue(padInk() > 0);
    }
}
