package io.gatehouse.management.developer.billing;

import io.gatehouse.management.apis.Api;
import io.gatehouse.management.applications.Application;
import io.gatehouse.management.billingreports.BillingClient;
import io.gatehouse.management.billingreports.ChargeEstimate;
import io.gatehouse.management.billingreports.Invoice;
import io.gatehouse.management.problem.ApiProblem;
import io.gatehouse.management.problem.ProblemType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A partner's money, read from billing for the partner's own organization only: the estimate of the open period and
 * the invoices. The organization always comes from the session, never from the request; an invoice of another
 * organization is answered exactly like one that does not exist (404), so ids cannot be probed.
 */
@ApplicationScoped
public class PartnerBilling {

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");

    private final BillingClient billing;

    public PartnerBilling(BillingClient billing) {
        this.billing = billing;
    }

    public ChargeEstimate estimate(UUID organizationId, String period) {
        String p = period == null || period.isBlank() ? null : period.strip();
        if (p != null && !PERIOD.matcher(p).matches()) {
            throw ApiProblem.invalidField("period", "must be a month, YYYY-MM");
        }
        ChargeEstimate estimate = billing.estimate(organizationId, p);
        Set<UUID> apis = new HashSet<>();
        if (estimate.currencies() != null) {
            estimate.currencies().forEach(c -> c.subscriptions().forEach(s -> {
                if (s.apiId() != null) {
                    apis.add(s.apiId());
                }
            }));
        }
        return estimate.named(applicationNames(organizationId), apiNames(apis));
    }

    public List<Invoice> invoices(UUID organizationId) {
        return billing.invoices(null, organizationId);
    }

    public Invoice invoice(UUID organizationId, UUID invoiceId) {
        Invoice invoice;
        try {
            invoice = billing.invoice(invoiceId);
        } catch (ApiProblem p) {
            if (p.type() == ProblemType.NOT_FOUND) {
                throw ApiProblem.notFound("Invoice", invoiceId);
            }
            throw p;
        }
        if (!organizationId.equals(invoice.organizationId())) {
            throw ApiProblem.notFound("Invoice", invoiceId);
        }
        return invoice;
    }

    @Transactional
    Map<UUID, String> applicationNames(UUID organizationId) {
        Map<UUID, String> names = new HashMap<>();
        Application.<Application>list("organization.id", organizationId).forEach(a -> names.put(a.id, a.name));
        return names;
    }

    @Transactional
    Map<UUID, String> apiNames(Set<UUID> ids) {
        Map<UUID, String> names = new HashMap<>();
        if (!ids.isEmpty()) {
            Api.<Api>list("id in ?1", ids).forEach(a -> names.put(a.id, a.name));
        }
        return names;
    }
}
