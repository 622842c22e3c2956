package io.gatehouse.portal.layout;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The page a destructive action opens first (revoke a key, withdraw an invitation, remove a member,
 * leave): a GET that asks, a form that posts to {@code action} (which answers 303, post/redirect/get),
 * and a Cancel link. No JavaScript; one click never destroys anything.
 *
 * @param question    the heading, e.g. "Revoke key gh_Ab3…wxyz?"
 * @param consequence what happens, ending in why it cannot be undone
 * @param action      where the form posts
 * @param button      the button's words, e.g. "Revoke key"
 * @param cancel      where Cancel leads, the page the action was offered on
 */
public record Confirmation(String question, String consequence, String action, String button, String cancel) {

    @CheckedTemplate(basePath = "layout")
    static class Templates {
        static native TemplateInstance confirm(Confirmation confirmation);
    }

    public TemplateInstance page() {
        return Templates.confirm(this);
    }
}
