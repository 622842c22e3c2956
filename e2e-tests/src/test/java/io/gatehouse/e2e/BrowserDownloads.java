package io.gatehouse.e2e;

import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@link Browser} does not offer and {@code ProductJourneyAcceptanceTest} needs from the same Chromium, kept apart
 * so {@code Browser} stays as it is: a real download of a link (Chromium writes the file into a directory through its
 * DevTools download behaviour, as a person's click would save it), and when the browser received the answer to the
 * last form POST (the Navigation Timing entry of the page the POST's redirect led to). It reaches {@code Browser}'s
 * driver by reflection.
 */
final class BrowserDownloads {

    private final ChromeDriver chrome;

    BrowserDownloads(Browser browser) {
        try {
            Field field = Browser.class.getDeclaredField("chrome");
            field.setAccessible(true);
            this.chrome = (ChromeDriver) field.get(browser);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Browser no longer keeps its ChromeDriver in the field chrome", e);
        }
    }

    /**
     * Clicks the link {@code what} (an {@code <a download>}) and waits for Chromium to finish saving the file into
     * {@code directory}, which must be empty; answers the file.
     */
    Path download(By what, Path directory, Duration timeout) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        chrome.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", directory.toAbsolutePath().toString()));
        chrome.findElement(what).click();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            try (var files = Files.list(directory)) {
                List<Path> done = files.filter(p -> !p.getFileName().toString().endsWith(".crdownload")).toList();
                if (done.size() == 1 && Files.size(done.get(0)) > 0) {
                    return done.get(0);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Chromium saved nothing from " + what + " into " + directory + " within " + timeout);
    }

    /**
     * When (epoch milliseconds, the browser's clock, which is this machine's) the browser had the answer of the
     * request that started the current document's navigation: for a form POST answered with a redirect, the end of that
     * redirect answer ({@code redirectEnd}). Without a redirect entry the navigation's start, which is earlier still, so
     * a time measured from here is never shorter than from the answer.
     */
    long navigationAnswerEpochMillis() {
        Number at = (Number) chrome.executeScript("""
                const n = performance.getEntriesByType('navigation')[0];
                return performance.timeOrigin + (n && n.redirectEnd > 0 ? n.redirectEnd : 0);
                """);
        return at.longValue();
    }

    /** Whether the current navigation was reached through a redirect (the POST/redirect/GET of a form). */
    boolean cameThroughRedirect() {
        return Boolean.TRUE.equals(chrome.executeScript(
                "const n = performance.getEntriesByType('navigation')[0]; return !!n && n.redirectCount > 0;"));
    }
}
