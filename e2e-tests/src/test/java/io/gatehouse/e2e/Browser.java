package io.gatehouse.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Real headless Chromium (Debian's chromium and chromedriver) driven through WebDriver, with waits that
 * survive Chromium swapping documents: every navigation waits for a completely loaded new document, and
 * WebDriver errors raised while the documents are swapped only mean "not yet".
 */
final class Browser implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ChromeDriver chrome;
    private final Path profile;

    private Browser(ChromeDriver chrome, Path profile) {
        this.chrome = chrome;
        this.profile = profile;
    }

    /** Whether chromium and chromedriver are installed; CI installs them, so there this must be true. */
    static boolean available() {
        boolean present = which("chromium") != null && which("chromedriver") != null;
        if (!present && System.getenv("CI") != null) {
            throw new IllegalStateException("chromium and chromedriver are not installed; .ci/run should have installed them");
        }
        return present;
    }

    static Browser start() throws IOException {
        Path profile = Files.createTempDirectory("gatehouse-e2e-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(which("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1000", "--user-data-dir=" + profile);
        // Keeps the page's console messages for consoleProblems().
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(which("chromedriver"))).usingAnyFreePort().build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(chrome, profile);
    }

    void open(String url) {
        chrome.get(url);
    }

    String path() {
        return URI.create(chrome.getCurrentUrl()).getPath();
    }

    String url() {
        return chrome.getCurrentUrl();
    }

    void type(By field, String value) {
        WebElement element = await(field);
        element.clear();
        element.sendKeys(value);
    }

    /** Clicks {@code what} and waits until the page the click led to is completely loaded. */
    void clickAndWait(By what) {
        clickAndWait(await(what));
    }

    void clickAndWait(WebElement element) {
        JavascriptExecutor js = chrome;
        js.executeScript("window.__gatehouseOldPage = true;");
        element.click();
        try {
            new WebDriverWait(chrome, WAIT).ignoring(WebDriverException.class)
                    .until(b -> Boolean.TRUE.equals(js.executeScript(
                            "return document.readyState === 'complete' && window.__gatehouseOldPage === undefined;")));
        } catch (TimeoutException e) {
            throw new AssertionError("the page did not change after the click; still on " + chrome.getCurrentUrl(), e);
        }
    }

    /**
     * Clicks a button that asks first (the console's {@code data-confirm}), checks that the question names the
     * action, accepts it, and waits for the page that the form's POST/redirect leads to.
     */
    void clickConfirmAndWait(By what, String questionContains) {
        JavascriptExecutor js = chrome;
        js.executeScript("window.__gatehouseOldPage = true;");
        await(what).click();
        org.openqa.selenium.Alert question;
        try {
            question = new WebDriverWait(chrome, WAIT).until(ExpectedConditions.alertIsPresent());
        } catch (TimeoutException e) {
            throw new AssertionError("the click did not ask for confirmation; on " + chrome.getCurrentUrl(), e);
        }
        String text = question.getText();
        if (!text.toLowerCase().contains(questionContains.toLowerCase())) {
            question.dismiss();
            throw new AssertionError("the confirmation asked \"" + text + "\", expected it to mention " + questionContains);
        }
        question.accept();
        try {
            new WebDriverWait(chrome, WAIT).ignoring(WebDriverException.class)
                    .until(b -> Boolean.TRUE.equals(js.executeScript(
                            "return document.readyState === 'complete' && window.__gatehouseOldPage === undefined;")));
        } catch (TimeoutException e) {
            throw new AssertionError("the page did not change after the confirmation; still on " + chrome.getCurrentUrl(), e);
        }
    }

    /** Opens a folded {@code <details>} section (a console form behind its summary), as a person's click would. */
    void unfold(By details) {
        ((JavascriptExecutor) chrome).executeScript("arguments[0].open = true;", await(details));
    }

    /** The element, once the page has it; otherwise a failure showing the page that is there. */
    WebElement await(By what) {
        try {
            return new WebDriverWait(chrome, WAIT).ignoring(WebDriverException.class)
                    .until(ExpectedConditions.presenceOfElementLocated(what));
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " on " + chrome.getCurrentUrl() + ":\n" + text(), e);
        }
    }

    java.util.List<WebElement> all(By what) {
        return chrome.findElements(what);
    }

    boolean has(By what) {
        return !chrome.findElements(what).isEmpty();
    }

    String text() {
        try {
            return chrome.findElement(By.tagName("body")).getText();
        } catch (WebDriverException e) {
            return "(no page: " + e.getMessage() + ")";
        }
    }

    void screenshot(String name) throws IOException {
        Path shots = ServiceProcess.ROOT.resolve("e2e-tests/target/screenshots");
        Files.createDirectories(shots);
        File png = ((TakesScreenshot) chrome).getScreenshotAs(OutputType.FILE);
        Files.copy(png.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        chrome.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String which(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    /** Sets the size of the browser's viewport (not its window), e.g. 390 wide as a phone's. */
    void viewport(int width, int height) {
        JavascriptExecutor js = chrome;
        chrome.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
        Number innerWidth = (Number) js.executeScript("return window.innerWidth;");
        Number innerHeight = (Number) js.executeScript("return window.innerHeight;");
        // The window has borders and, headless or not, its chrome: grow it by what the viewport lacks.
        chrome.manage().window().setSize(new org.openqa.selenium.Dimension(
                2 * width - innerWidth.intValue(), 2 * height - innerHeight.intValue()));
    }

    /** The HTTP status of the current document (the Navigation Timing entry's responseStatus). */
    int status() {
        Number status = (Number) chrome.executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return n ? n.responseStatus : 0;");
        return status == null ? 0 : status.intValue();
    }

    /** The resources of the current page (stylesheets, scripts, fetches) that answered 5xx, with their status. */
    List<String> failedResources() {
        @SuppressWarnings("unchecked")
        List<String> failed = (List<String>) chrome.executeScript(
                "return performance.getEntriesByType('resource').filter(r => r.responseStatus >= 500)"
                        + ".map(r => r.responseStatus + ' ' + r.name);");
        return failed;
    }

    /** How many CSS pixels the page is wider than the viewport (0 when it does not scroll sideways). */
    int horizontalOverflow() {
        Number overflow = (Number) chrome.executeScript(
                "return document.documentElement.scrollWidth - window.innerWidth;");
        return Math.max(0, overflow.intValue());
    }

    /**
     * What sticks out on the right of the viewport: the outermost elements that do (their parent does not), as
     * {@code tag#id.class (width px)}, at most three.
     */
    List<String> overflowingElements() {
        @SuppressWarnings("unchecked")
        List<String> culprits = (List<String>) chrome.executeScript("""
                const limit = window.innerWidth + 1;
                const out = el => el.getBoundingClientRect().right > limit;
                return [...document.body.querySelectorAll('*')]
                    .filter(el => out(el) && !(el.parentElement && el.parentElement !== document.body && out(el.parentElement)))
                    .slice(0, 3)
                    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                        + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
                        + ' (' + Math.round(el.getBoundingClientRect().width) + ' px)');
                """);
        return culprits;
    }

    /** The current page's HTML as the browser has it. */
    String source() {
        return chrome.getPageSource();
    }

    /**
     * The console messages at level SEVERE (errors, failed loads, refused by the Content-Security-Policy) since the
     * last call; each call drains them.
     */
    List<String> consoleProblems() {
        return chrome.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** The {@code href} of every link {@code what} selects, resolved against the page. */
    List<String> links(By what) {
        return chrome.findElements(what).stream().map(a -> a.getDomProperty("href")).toList();
    }
}
