package dev.livedigits.server;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Pause;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.livedigits.server.DrawingPage.absent;
import static dev.livedigits.server.DrawingPage.join;
import static dev.livedigits.server.DrawingPage.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
class PhoneBrowserTest extends CnnPageTest {
    private static final String PHONE_UA = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/130.0.0.0 Mobile Safari/537.36";

    @Override
    String windowSize() {
        return "800,900";
    }

    /** The page as a phone of {@code width} × {@code height} CSS pixels (density 2) with a touch screen shows it. */
    private void openAsPhone(int width, int height) {
        page.driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", true));
        page.driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
        page.driver.executeCdpCommand("Emulation.setUserAgentOverride", Map.of("userAgent", PHONE_UA));
        page.open();
    }

    /** A finger taps the middle of an element. */
    private void tap(String css) {
        @SuppressWarnings("unchecked")
        Map<String, Number> r = (Map<String, Number>) page.js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                + " return {x: r.left + r.width / 2, y: r.top + r.height / 2};", css);
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "tap");
        Sequence tap = new Sequence(finger, 0);
        tap.addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.viewport(), r.get("x").intValue(), r.get("y").intValue()));
        tap.addAction(finger.createPointerDown(0));
        tap.addAction(new Pause(finger, Duration.ofMillis(50)));
        tap.addAction(finger.createPointerUp(0));
        page.driver.perform(List.of(tap));
    }

    private long scrollY() {
        return ((Number) page.js("return Math.round(window.scrollY);")).longValue();
    }

    // ---- tests ------------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName("a 360×640 phone: pad, Clear, Undo, the prediction and all ten bars on one screen; 44 px targets, no key hints, network off")
    void smallPhoneFitsOneScreen() throws Exception {
        openAsPhone(360, 640);
        assertEquals(true, page.js("return matchMedia('(pointer: coarse)').matches && matchMedia('(hover: none)').matches;"), "touch emulation");
        assertEquals(List.of(), page.offScreen());
        assertTrue(page.padBox()[2] >= 300, "pad " + page.padBox()[2] + " px wide");
        @SuppressWarnings("unchecked")
        List<Object> small = (List<Object>) page.js("return [...document.querySelectorAll('button, .switch')]"
                + ".map(b => b.getBoundingClientRect()).filter(r => r.height < 44 || r.width < 44).map(r => r.width + 'x' + r.height);");
        assertEquals(List.of(), small, "tap targets under 44 px");
        assertEquals(true, page.js("return [...document.querySelectorAll('kbd')].every(k => getComputedStyle(k).display === 'none');"), "key hints hidden");
        assertEquals(false, page.js("return document.getElementById('network-toggle').checked;"), "network view off by default on a phone");
        assertEquals(true, page.js("return document.getElementById('network').hidden;"));
        tap("#undo");
        assertEquals("rgb(58, 66, 86)", page.js("return getComputedStyle(document.getElementById('undo')).borderTopColor;"),
                "a tapped button keeps no hover border");

        page.draw(PointerInput.Kind.TOUCH, List.of(join(line(0.3, 0.25, 0.7, 0.25, 12), line(0.7, 0.25, 0.45, 0.85, 16))));
        assertEquals("7", page.settled());
        assertEquals(List.of(), page.offScreen(), "everything still on screen after drawing");
        assertEquals(0L, scrollY());
        page.screenshot("phone-360x640");
        assertEquals(List.of(), page.js("return window.cspViolations;"));
    }

    @Test
    @Order(2)
    @DisplayName("a phone on its side (640×360): pad, Clear, Undo, the prediction and all ten bars on one screen")
    void landscapeFitsOneScreen() throws Exception {
        openAsPhone(640, 360);
        assertEquals(List.of(), page.offScreen());
        assertTrue(page.padBox()[2] >= 280, "pad " + page.padBox()[2] + " px wide");
        page.draw(PointerInput.Kind.TOUCH, List.of(line(0.5, 0.15, 0.5, 0.85, 20)));
        assertEquals("1", page.settled());
        assertEquals(List.of(), page.offScreen());
        page.screenshot("phone-640x360");
    }

    @Test
    @Order(3)
    @DisplayName("one finger and a pen draw and the bars follow the stroke; the page does not scroll under the finger")
    void fingerAndPenDraw() throws Exception {
        openAsPhone(390, 844);
        assertEquals(List.of(), page.offScreen());
        assertEquals(0L, scrollY());
        int answersBefore = page.answers();
        page.draw(PointerInput.Kind.TOUCH, List.of(line(0.5, 0.9, 0.5, 0.1, 30)));   // upwards: would scroll the page down
        assertEquals("1", page.settled());
        assertTrue(page.answers() - answersBefore >= 3, "answers during one finger's stroke: " + (page.answers() - answersBefore));
        assertTrue(page.ink("#pad") > 0);
        assertEquals(0L, scrollY(), "the page scrolled under a drawing finger");
        assertEquals(List.of(), page.offScreen());

        page.clear();
        answersBefore = page.answers();
        page.draw(PointerInput.Kind.PEN, List.of(join(line(0.3, 0.25, 0.7, 0.25, 12), line(0.7, 0.25, 0.45, 0.85, 16))));
        assertEquals("7", page.settled());
        assertTrue(page.answers() - answersBefore >= 3, "answers during the pen's stroke: " + (page.answers() - answersBefore));
        assertEquals(0L, scrollY());
        page.screenshot("phone-390x844");

        // The control: the same finger movement below the pad (on the bars) scrolls, so the zeros above mean something.
        page.draw(PointerInput.Kind.TOUCH, List.of(line(0.5, 1.6, 0.5, 1.2, 10)));
        page.waitFor("the page scrolled under a swipe outside the pad", () -> scrollY() > 0);
    }

    @Test
    @Order(4)
    @DisplayName("two fingers never draw: a pinch, a two-finger pan, and a second finger landing mid-stroke")
    void twoFingersNeverDraw() throws Exception {
        openAsPhone(390, 844);
        // A pinch out and a two-finger pan, both fingers down in the same tick.
        page.draw(PointerInput.Kind.TOUCH, List.of(line(0.4, 0.4, 0.1, 0.1, 15), line(0.6, 0.6, 0.9, 0.9, 15)));
        page.draw(PointerInput.Kind.TOUCH, List.of(line(0.2, 0.3, 0.2, 0.7, 15), line(0.6, 0.3, 0.6, 0.7, 15)));
        assertEquals("", page.settled());
        assertEquals(0L, page.ink("#pad"), "pixels drawn by two fingers");
        assertEquals(List.of(), page.js("return window.shownDigits;"), "a prediction was shown for a two-finger gesture");
        assertEquals("", page.attr("#prediction", "data-digit"));

        // One finger writes a while, then a second lands: the stroke is taken back, the answer with it.
        List<double[]> first = join(line(0.5, 0.15, 0.5, 0.5, 12), line(0.5, 0.5, 0.5, 0.85, 12));
        List<double[]> second = join(absent(13), line(0.8, 0.5, 0.9, 0.9, 11));
        page.draw(PointerInput.Kind.TOUCH, List.of(first, second));
        assertEquals("", page.settled());
        assertEquals(0L, page.ink("#pad"), "the stroke a second finger interrupted was taken back");
        for (String css : List.of("#bars [data-digit=\"1\"]", "#bars [data-digit=\"7\"]")) assertEquals("0.0000", page.attr(css, "data-confidence"));

        // Then one finger writes again as usual.
        page.draw(PointerInput.Kind.TOUCH, List.of(line(0.5, 0.15, 0.5, 0.85, 20)));
        assertEquals("1", page.settled());
        assertTrue(page.ink("#pad") > 0);
    }

    @Test
    @Order(5)
    @DisplayName("the network view on a phone: switched on, it stacks under the bars and follows each answer")
    void networkOnPhone() throws Exception {
        openAsPhone(390, 844);
        page.network(true);
        page.draw(PointerInput.Kind.TOUCH, List.of(join(line(0.3, 0.25, 0.7, 0.25, 12), line(0.7, 0.25, 0.45, 0.85, 16))));
        assertEquals("7", page.settled());
        assertEquals(page.attr("#bars", "data-seq"), page.attr("#network", "data-seq"), "the network shows the reply the bars show");
        assertTrue(page.driver.findElements(By.cssSelector("#network canvas")).size() >= 2, "a canvas per layer");
        assertEquals(List.of(), page.offScreen(), "the pad and bars stay on screen with the network on");
        assertEquals(true, page.js("return document.getElementById('network').getBoundingClientRect().top"
                + " > document.getElementById('bars').getBoundingClientRect().bottom;"), "the network is stacked under the bars");
        page.js("document.querySelector('.flow').scrollIntoView();");
        page.screenshot("phone-390x844-network");
        assertFalse((Boolean) page.js("return document.documentElement.scrollWidth > innerWidth;"), "the network fits the phone's width");
        page.network(false);   // back to the phone's default
    }
}
