package io.gatehouse.portal.session;

import io.gatehouse.portal.layout.ErrorPage;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.multipart.FormData;
import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.util.Set;

/**
 * Every request that can change something (any method but GET, HEAD and OPTIONS) is a form post
 * from one of our own pages, or it is refused with a 400 page before any resource runs:
 * <ul>
 *   <li>a browser that says the request comes from another site ({@code Sec-Fetch-Site} other than
 *   {@code same-origin} or {@code none}), a sibling sub-domain included;</li>
 *   <li>no CSRF cookie, or a form token that is not the one for that cookie and the session
 *   ({@link CsrfTokens#accepts});</li>
 *   <li>a form field holding a NUL character, which no person types and no service stores.</li>
 * </ul>
 * Wrong methods (405) and body types (415) are refused earlier, by the routing itself.
 */
public class CsrfFilter {

    private static final Logger LOG = Logger.getLogger(CsrfFilter.class);
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");
    private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

    private final ErrorPage errorPage;
    private final CsrfTokens csrf;

    public CsrfFilter(ErrorPage errorPage, CsrfTokens csrf) {
        this.errorPage = errorPage;
        this.csrf = csrf;
    }

    @ServerRequestFilter
    @WithFormRead
    public void check(ResteasyReactiveContainerRequestContext context) {
        if (SAFE.contains(context.getMethod())) {
            // Pages are rendered after the response filters ran: a missing cookie's nonce is made now.
            csrf.prepare();
            return;
        }
        String fetchSite = context.getHeaderString("Sec-Fetch-Site");
        if (fetchSite != null && !OWN_SITE.contains(fetchSite.toLowerCase())) {
            LOG.debugf("Refused a %s from another site (Sec-Fetch-Site: %s)", context.getMethod(), fetchSite);
            context.abortWith(notOurForm());
            return;
        }
        FormData form = ((ResteasyReactiveRequestContext) context.getServerRequestContext()).getFormData();
        FormValue token = form == null ? null : form.getFirst(CsrfTokens.FIELD);
        if (token == null || token.isFileItem() || !csrf.accepts(token.getValue())) {
            LOG.debugf("Refused a %s without a valid CSRF token", context.getMethod());
            context.abortWith(notOurForm());
            return;
        }
        for (String name : form) {
            if (name.indexOf('\0') >= 0) {
                context.abortWith(nul());
                return;
            }
            for (FormValue value : form.get(name)) {
                if (!value.isFileItem() && value.getValue() != null && value.getValue().indexOf('\0') >= 0) {
                    context.abortWith(nul());
                    return;
                }
            }
        }
    }

    /** Sets the CSRF cookie when this request made a new nonce. */
    @ServerResponseFilter
    public void renewCookie(ContainerResponseContext response, RoutingContext routing) {
        String nonce = routing.get(CsrfTokens.NEW_NONCE);
        if (nonce != null) {
            routing.response().addCookie(csrf.cookie(nonce));
        }
    }

    private jakarta.ws.rs.core.Response notOurForm() {
        return errorPage.render(400, "This form cannot be sent",
                "The form was not sent from its page on this site, or the page is too old. Go back, reload the page and send it again.");
    }

    private jakarta.ws.rs.core.Response nul() {
        return errorPage.render(400, "A field cannot be read",
                "One of the fields holds a NUL character, which cannot be used. Type the text again and send the form.");
    }
}
