package io.gatehouse.portal.session;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * This request's CSRF token, for the forms' hidden field ({@code {#csrf /}}: {@code inject:csrf.parameterName}
 * and {@code inject:csrf.token}), bound to the browser's CSRF cookie {@value #COOKIE} and to its
 * session (see {@link CsrfKey}). The cookie holds a random nonce, is {@code HttpOnly},
 * {@code SameSite=Strict}, {@code Path=/}, {@code Secure} like the session cookie, and is renewed
 * whenever the session changes (log in, accept an invitation, log out).
 */
@Named("csrf")
@RequestScoped
public class CsrfTokens {

    public static final String COOKIE = "gatehouse_csrf";
    public static final String FIELD = "csrf-token";
    /** Where this request's new nonce waits for the response filter to set its cookie. */
    static final String NEW_NONCE = "gatehouse.csrf.new-nonce";
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoutingContext request;
    private final PortalSession session;
    private final CsrfKey key;
    private final boolean forceSecure;

    public CsrfTokens(RoutingContext request, PortalSession session, CsrfKey key,
                      @ConfigProperty(name = "gatehouse.portal.secure-cookies") boolean forceSecure) {
        this.request = request;
        this.session = session;
        this.key = key;
        this.forceSecure = forceSecure;
    }

    public String parameterName() {
        return FIELD;
    }

    /** The token for the forms of this page: the cookie's nonce (or a new one, set with this answer) and the session. */
    public String token() {
        String nonce = request.get(NEW_NONCE);
        if (nonce == null) {
            nonce = cookieNonce();
        }
        if (nonce == null) {
            nonce = renew();
        }
        return key.token(nonce, session.token().orElse(""));
    }

    /**
     * Whether the form's token is the one for the CSRF cookie sent with it and the session cookie sent
     * with it. No cookie, a malformed one or a token for another nonce or session: refused.
     */
    public boolean accepts(String formToken) {
        String nonce = cookieNonce();
        return nonce != null && key.matches(formToken, nonce, session.token().orElse(""));
    }

    /** Makes a nonce for this answer's cookie when the browser has none (or a malformed one). */
    void prepare() {
        if (request.get(NEW_NONCE) == null && cookieNonce() == null) {
            renew();
        }
    }

    /** A new nonce for this browser, set by this answer: call it when the session changes. */
    public String renew() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        request.put(NEW_NONCE, nonce);
        return nonce;
    }

    /** The cookie for a nonce made in this request. */
    Cookie cookie(String nonce) {
        boolean secure = forceSecure || "https".equalsIgnoreCase(request.request().scheme());
        return Cookie.cookie(COOKIE, nonce).setPath("/").setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.STRICT);
    }

    private String cookieNonce() {
        Cookie c = request.request().getCookie(COOKIE);
        return c != null && NONCE.matcher(c.getValue()).matches() ? c.getValue() : null;
    }
}
