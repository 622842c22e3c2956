package io.gatehouse.portal.journey;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Starts real headless Chromium (Debian's chromium and chromedriver) for the portal's browser tests. Skips the
 * test where they are not installed, except under CI, which installs them ({@code .ci/run}) and so must run it.
 */
final class Chromium {

    private Chromium() {
    }

    /** A new browser with its own profile; {@code options} adds what a test needs beyond the defaults. */
    static ChromeDriver start(String profilePrefix, Duration pageLoadTimeout, Consumer<ChromeOptions> options)
            throws IOException {
        String browser = which("chromium");
        String driver = which("chromedriver");
        if ((browser == null || driver == null) && System.getenv("CI") != null) {
            throw new IllegalStateException("chromium and chromedriver are not installed; .ci/run should have installed them");
        }
        assumeTrue(browser != null && driver != null, "chromium and chromedriver are not installed");
        ChromeOptions chrome = new ChromeOptions();
        chrome.setBinary(browser);
        chrome.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory(profilePrefix));
        options.accept(chrome);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(driver)).usingAnyFreePort().build();
        ChromeDriver started = new ChromeDriver(service, chrome);
        started.manage().timeouts().pageLoadTimeout(pageLoadTimeout);
        return started;
    }

    private static String which(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, binary);
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return null;
    }
}
