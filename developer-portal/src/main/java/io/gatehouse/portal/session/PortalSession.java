package io.gatehouse.portal.session;

import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import jakarta.ws.rs.core.NewCookie;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The browser's developer session: the management session token in the cookie
 * {@value #COOKIE} ({@code HttpOnly}, {@code SameSite=Lax}, {@code Path=/}, {@code Secure} over TLS).
 * The portal keeps nothing else: management decides whether the token still works.
 * Templates read {@code inject:session.signedIn}.
 */
@Named("session")
@RequestScoped
public class PortalSession {

    public static final String COOKIE = "gatehouse_session";

    private final RoutingContext request;
    private final boolean forceSecure;

    public PortalSession(RoutingContext request, @ConfigProperty(name = "gatehouse.portal.secure-cookies") boolean forceSecure) {
        this.request = request;
        this.forceSecure = forceSecure;
    }

    public Optional<String> token() {
        Cookie c = request.request().getCookie(COOKIE);
        return c == null || c.getValue().isBlank() ? Optional.empty() : Optional.of(c.getValue());
    }

    /** Whether the browser presents a session cookie (not whether it still works). */
    public boolean signedIn() {
        return token().isPresent();
    }

    /** The {@code Authorization} header for management, or {@link SignedOut} when there is no cookie. */
    public String bearer() {
        return "Bearer " + token().orElseThrow(SignedOut::new);
    }

    public NewCookie open(String token) {
        return cookie(token, -1);
    }

    public NewCookie close() {
        return cookie("", 0);
    }

    private NewCookie cookie(String value, int maxAge) {
        boolean secure = forceSecure || "https".equalsIgnoreCase(request.request().scheme());
        return new NewCookie.Builder(COOKIE).value(value).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.LAX).maxAge(maxAge).build();
    }

    /** The page needs a signed-in partner and there is none (no cookie, or management refused it). */
    public static class SignedOut extends RuntimeException {
        public SignedOut() {
            super("signed out", null, false, false);
        }
    }
}
