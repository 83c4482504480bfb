package io.pulse.it.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's headless chromium driven through its own chromedriver, with explicit paths so Selenium Manager never
 * looks for a browser or a driver on the network ({@code SE_OFFLINE=true} as well), a fresh profile, and the
 * browser's console kept for {@link #severeConsoleEntries()}.
 */
final class Browser implements AutoCloseable {
    /** Where {@code apt-get install chromium chromium-driver} puts them; PULSE_CHROMIUM / PULSE_CHROMEDRIVER override. */
    static final Path CHROMIUM = Path.of(env("PULSE_CHROMIUM", "/usr/bin/chromium"));

    static final Path CHROMEDRIVER = Path.of(env("PULSE_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts chromium with a viewport of {@code width x height} CSS pixels. */
    static Browser start(int width, int height) throws IOException {
        return start(width, height, false);
    }

    /**
     * Starts chromium with a viewport of {@code width x height} CSS pixels; with {@code networkLog} it also keeps the
     * DevTools network events, for {@link #requests()}.
     */
    static Browser start(int width, int height, boolean networkLog) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run does)");
        }
        System.setProperty("SE_OFFLINE", "true");
        Path profile = Files.createTempDirectory("pulse-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height,
                "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        if (networkLog) {
            logs.enable(LogType.PERFORMANCE, Level.ALL);
        }
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Browser b = new Browser(driver, profile);
        b.viewport(width, height);
        return b;
    }

    /** Sizes the window so that the page itself (not the window) is {@code width x height}. */
    void viewport(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long chromeX = ((Number) js("return window.outerWidth - window.innerWidth;")).longValue();
        long chromeY = ((Number) js("return window.outerHeight - window.innerHeight;")).longValue();
        driver.manage().window().setSize(new Dimension(width + (int) chromeX, height + (int) chromeY));
    }

    void open(String url) {
        driver.get(url);
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    /**
     * The text of the first element matching {@code css}, spaces normalised (Intl uses no-break spaces); null when
     * none. Read in one script, so a live update that replaces the element in between cannot make it stale.
     */
    String text(String css) {
        return normal(
                (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", css));
    }

    /** An attribute of the first element matching {@code css}, or null; read in one script like {@link #text}. */
    String attr(String css, String name) {
        return (String) js(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;",
                css,
                name);
    }

    /** The normalised texts of every element matching {@code css}. */
    List<String> texts(String css) {
        @SuppressWarnings("unchecked")
        List<String> all =
                (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText);", css);
        return all.stream().map(Browser::normal).toList();
    }

    /** An attribute of every element matching {@code css}. */
    List<String> attrs(String css, String name) {
        @SuppressWarnings("unchecked")
        List<String> all = (List<String>) js(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.getAttribute(arguments[1]));",
                css,
                name);
        return all;
    }

    /** Clicks the element matching {@code css}, finding it again if a live update replaced it meanwhile. */
    void click(String css) {
        org.awaitility.Awaitility.await("click " + css)
                .atMost(Duration.ofSeconds(30))
                .ignoreException(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoreException(org.openqa.selenium.NoSuchElementException.class)
                .untilAsserted(() -> one(css).click());
    }

    static String normal(String s) {
        return s == null
                ? null
                : s.replace('\u00a0', ' ').replace('\u202f', ' ').strip();
    }

    /** Saves what the page shows as target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code script} in every page this browser opens from now on, before the page's own scripts. */
    void beforeEveryPage(String script) {
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", script));
    }

    /**
     * The cookie {@code name} the browser would send to {@code url} (HttpOnly ones and other paths than the page's
     * too, which WebDriver's own cookie list leaves out), as DevTools describes it (name, value, path, httpOnly,
     * sameSite, ...), or null.
     */
    @SuppressWarnings("unchecked")
    java.util.Map<String, Object> cookie(String url, String name) {
        var answer = driver.executeCdpCommand("Network.getCookies", java.util.Map.of("urls", List.of(url)));
        return ((List<java.util.Map<String, Object>>) answer.get("cookies"))
                .stream().filter(c -> name.equals(c.get("name"))).findFirst().orElse(null);
    }

    /** A request the page sent, as the browser's network log recorded it. */
    record Request(String method, String url, java.util.Map<String, String> headers) {}

    /** The requests the page sent since the last call (the browser started with {@code networkLog}). */
    List<Request> requests() {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Request> out = new java.util.ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            try {
                com.fasterxml.jackson.databind.JsonNode m =
                        json.readTree(e.getMessage()).get("message");
                if ("Network.requestWillBeSent".equals(m.path("method").asText())) {
                    com.fasterxml.jackson.databind.JsonNode r = m.at("/params/request");
                    java.util.Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    r.path("headers")
                            .fields()
                            .forEachRemaining(
                                    h -> headers.put(h.getKey(), h.getValue().asText()));
                    out.add(new Request(r.path("method").asText(), r.path("url").asText(), headers));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return out;
    }

    /** Console entries at SEVERE since the last call (errors, failed requests, uncaught exceptions). */
    List<String> severeConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
