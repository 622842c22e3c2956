package io.gatehouse.portal.billing;

import io.gatehouse.portal.plans.PlanInWords;
import io.quarkus.qute.TemplateExtension;

import java.math.BigDecimal;

/**
 * How the pages print money from billing: {@code {amount.money(currency)}} is "€61.88", "€0.0025", "¥1,200" or
 * "CHF 12.50", exact (billing's decimal string, never a floating-point number) and grouped, as the plan prices are.
 */
@TemplateExtension
public final class Money {

    private Money() {
    }

    public static String money(String amount, String currency) {
        if (amount == null || amount.isBlank()) {
            return "–";
        }
        return PlanInWords.money(currency, new BigDecimal(amount.strip()));
    }
}
