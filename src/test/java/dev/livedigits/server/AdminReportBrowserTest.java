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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

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
 * The admin page's model report in headless Chromium: two versions side by side (heat maps, mistake
 * thumbnails, digits better or worse), and the phone fixes (token confirmation, reserved message
 * space, a disabled Cancel that looks disabled, inputs of 16 px). Screenshots: {@code target/screenshots}.
 * Fails without a browser when {@code CI=true}, as {@link BrowserTest} does.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AdminReportBrowserTest {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static Vertx vertx;
    private static Path dir;
    private static ServerFixture fixture;
    private static ChromeDriver driver;
    private static Path profile;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        dir = Files.createTempDirectory("livedigits-admin-browser");
        fixture = new ServerFixture(vertx, dir);
        Files.createDirectories(SHOTS);
    }

    @BeforeEach
    void browser() throws Exception {
        BrowserTest.requireBrowser();
        if (driver != null) return;
        profile = Files.createTempDirectory("livedigits-chromium");
        driver = BrowserTest.startChrome(profile, "--window-size=1100,1400");
    }

    @AfterAll
    static void stop() throws Exception {
        if (driver != null) driver.quit();
        if (fixture != null) fixture.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        BrowserTest.delete(profile, dir);
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, Duration.ofSeconds(60)).withMessage(what).until(d -> condition.getAsBoolean());
    }

    private int count(String css) {
        return driver.findElements(By.cssSelector(css)).size();
    }

    private void openWithToken() {
        driver.manage().logs().get(LogType.BROWSER);
        driver.get("http://127.0.0.1:" + fixture.port() + "/admin.html");
        driver.findElement(By.id("token")).clear();
        driver.findElement(By.id("token")).sendKeys(ServerFixture.TOKEN);
        driver.findElement(By.cssSelector("#token-form button")).click();
        waitFor("token accepted", () -> "ok".equals(driver.findElement(By.id("token-state")).getAttribute("data-state")));
    }

    private void checkClean() {
        assertEquals(List.of(), js("return window.cspViolations;"), "CSP violations on the admin page");
        List<String> problems = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) problems.add(e.getMessage());
        }
        assertEquals(List.of(), problems);
    }

    private void screenshot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    @Order(1)
    @DisplayName("the report of two versions side by side: both heat maps drawn, 24 mistake thumbnails each, digits better and worse marked")
    void twoVersionsSideBySide() throws Exception {
        openWithToken();
        assertTrue(driver.findElement(By.id("token-state")).getText().contains("accepted"));
        new Select(driver.findElement(By.id("report-a"))).selectByValue(ServerFixture.BASE);
        new Select(driver.findElement(By.id("report-b"))).selectByValue(ServerFixture.ALT);
        driver.findElement(By.id("report-show")).click();
        waitFor("report shown", () -> "shown".equals(driver.findElement(By.id("report")).getAttribute("data-state")));
        assertEquals(2, count("#report-sides .side"));
        assertEquals(2, count("#report-sides canvas.heat[data-drawn='1']"));
        assertEquals(48, count("#report-sides .thumb canvas"));
        assertEquals(10, count("#report-table tr[data-digit]"));
        // The variant's output biases are shifted per class: some digits read better, others worse.
        assertTrue(count("#report-table tr.worse") > 0 && count("#report-table tr.better") > 0,
                driver.findElement(By.id("report-table")).getText());
        // A thumbnail shows ink: some pixel of the first one is bright.
        Number ink = (Number) js("const c = document.querySelector('.thumb canvas'); const d = c.getContext('2d').getImageData(0, 0, 28, 28).data;"
                + "let m = 0; for (let i = 0; i < d.length; i += 4) m = Math.max(m, d[i]); return m;");
        assertTrue(ink.intValue() > 200, "thumbnail brightest pixel " + ink);
        String errors = driver.findElement(By.cssSelector("#report-sides .side canvas.heat")).getAttribute("data-errors");
        assertEquals(String.valueOf(10_000 - correct(ServerFixture.BASE)), errors,
                "the heat map's mistakes are the report's");
        js("document.getElementById('report-title').scrollIntoView()");
        screenshot("admin-report");
        checkClean();
    }

    private int correct(String id) throws Exception {
        return new AdminHttp(fixture.port()).admin("GET", "/admin/models/" + id + "/report", null).json().getJsonObject("test").getInteger("correct");
    }

    @Test
    @Order(2)
    @DisplayName("at phone width: the token is confirmed, the message keeps its space, a disabled Cancel looks disabled, inputs are 16 px or more")
    void phone() throws Exception {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
        try {
            openWithToken();
            Number empty = (Number) js("const m = document.getElementById('message'); const t = m.textContent; m.textContent = '';"
                    + "const h = m.getBoundingClientRect().height; m.textContent = t; return h;");
            Number full = (Number) js("return document.getElementById('message').getBoundingClientRect().height;");
            assertTrue(empty.doubleValue() > 20 && Math.abs(empty.doubleValue() - full.doubleValue()) < 1,
                    "the message keeps its space: empty " + empty + " px, with a message " + full + " px");
            assertEquals("true", driver.findElement(By.id("cancel")).getAttribute("disabled"));
            Number opacity = (Number) js("return parseFloat(getComputedStyle(document.getElementById('cancel')).opacity);");
            assertTrue(opacity.doubleValue() < 0.6, "disabled Cancel opacity " + opacity);
            @SuppressWarnings("unchecked")
            List<Number> sizes = (List<Number>) js("return [...document.querySelectorAll('input, select')].map(e => parseFloat(getComputedStyle(e).fontSize));");
            assertTrue(sizes.stream().allMatch(s -> s.doubleValue() >= 16), "input font sizes " + sizes);
            Number overflow = (Number) js("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(overflow.intValue() <= 0, "no sideways scrolling at 390 px: " + overflow + " px too wide");
            screenshot("admin-phone");
            new Select(driver.findElement(By.id("report-a"))).selectByValue(ServerFixture.BASE);
            new Select(driver.findElement(By.id("report-b"))).selectByValue(ServerFixture.ALT);
            driver.findElement(By.id("report-show")).click();
            waitFor("report shown", () -> "shown".equals(driver.findElement(By.id("report")).getAttribute("data-state")));
            js("document.getElementById('report-title').scrollIntoView()");
            screenshot("admin-report-phone");
            js("document.getElementById('report-sides').scrollIntoView()");
            screenshot("admin-report-phone-maps");
            checkClean();
        } finally {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    @Test
    @Order(3)
    @DisplayName("the admin page's own JS and CSS stay under 40 KB")
    void adminIsSmall() throws Exception {
        long bytes = Files.size(Path.of("webroot", "admin.js")) + Files.size(Path.of("webroot", "admin.css"));
        System.out.printf("browser: admin.js + admin.css %d bytes%n", bytes);
        assertTrue(bytes <= 40 * 1024, bytes + " bytes");
    }
}
