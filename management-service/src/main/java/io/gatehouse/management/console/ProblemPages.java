package io.gatehouse.management.console;

import io.gatehouse.management.problem.Problem;
import io.gatehouse.management.problem.ProblemType;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Pages answer with a page a person understands: a problem raised under {@code /console} (a
 * refused action, a form that does not validate, an unknown page) is shown as HTML with what went
 * wrong and where to go, instead of problem+json. Same problem, same status, other audience.
 */
public class ProblemPages {

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance problem(Problem problem, String advice);
    }

    @ServerResponseFilter
    public void toPage(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(response.getEntity() instanceof Problem problem) || !isConsole(request.getUriInfo().getPath())) {
            return;
        }
        String html = page(problem);
        response.getHeaders().remove("WWW-Authenticate");
        response.setEntity(html, null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
    }

    /** The problem as the console shows it: what went wrong and what the reader can do about it. */
    static String page(Problem problem) {
        return Templates.problem(problem, advice(problem)).render();
    }

    static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    private static String advice(Problem p) {
        if (ProblemType.IDP_UNAVAILABLE.type().equals(p.type())) {
            return "Nothing is wrong with your account. Reload this page once the identity provider runs again.";
        }
        return switch (p.status()) {
            case 400 -> "Go back, correct the fields named above and send the form again.";
            case 401 -> "Your session has ended. Open the console again to sign in.";
            case 403 -> "Your role does not allow this. Ask a platform admin if you need it.";
            case 404 -> "The page or the thing you asked for does not exist (any more). Start again from the menu.";
            case 409 -> "Nothing was changed. Reload the page to see the current state, then try again.";
            default -> p.status() >= 500
                    ? "Something failed on our side and nothing was changed. Try again in a moment."
                    : "Nothing was changed.";
        };
    }
}
