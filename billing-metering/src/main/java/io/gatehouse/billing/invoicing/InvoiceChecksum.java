package io.gatehouse.billing.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The checksum of an invoice: SHA-256, hex, over its canonical text (version 1), which anyone can
 * rebuild from an export to check it:
 *
 * <pre>
 * gatehouse-invoice-v1
 * organization=&lt;uuid&gt;
 * period=&lt;YYYY-MM&gt;
 * currency=&lt;ISO 4217&gt;
 * line=&lt;no&gt;|&lt;kind&gt;|&lt;subscription&gt;|&lt;plan&gt;|&lt;api&gt;|&lt;tier index&gt;|&lt;adjustment for&gt;|&lt;quantity&gt;|&lt;unit price, 6 dp&gt;|&lt;per units&gt;|&lt;amount, 4 dp&gt;|&lt;description&gt;
 * …one per line, in line order…
 * subtotal=&lt;4 dp&gt;
 * total=&lt;currency's minor units&gt;
 * </pre>
 *
 * Each line ends with {@code \n}; absent values are empty; decimals are plain (no exponent).
 */
public final class InvoiceChecksum {

    private InvoiceChecksum() {
    }

    public static String of(Invoice invoice, List<Invoice.Line> lines) {
        StringBuilder s = new StringBuilder("gatehouse-invoice-v1\n")
                .append("organization=").append(invoice.organizationId()).append('\n')
                .append("period=").append(invoice.period()).append('\n')
                .append("currency=").append(invoice.currency()).append('\n');
        for (Invoice.Line l : lines) {
            s.append("line=").append(l.lineNo()).append('|').append(l.kind()).append('|')
                    .append(text(l.subscriptionId())).append('|').append(text(l.planId())).append('|')
                    .append(text(l.apiId())).append('|').append(text(l.tierIndex())).append('|')
                    .append(text(l.adjustmentForPeriod())).append('|').append(l.quantity()).append('|')
                    .append(l.unitPrice().setScale(6, RoundingMode.UNNECESSARY).toPlainString()).append('|')
                    .append(l.perUnits()).append('|')
                    .append(l.amount().setScale(4, RoundingMode.UNNECESSARY).toPlainString()).append('|')
                    .append(l.description()).append('\n');
        }
        s.append("subtotal=").append(invoice.subtotal().setScale(4, RoundingMode.UNNECESSARY).toPlainString()).append('\n');
        s.append("total=").append(total(invoice.total(), invoice.currency())).append('\n');
        return sha256(s.toString());
    }

    static String total(BigDecimal total, String currency) {
        int minor = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return total.setScale(minor, RoundingMode.UNNECESSARY).toPlainString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String text(Object o) {
        return Objects.toString(o, "");
    }
}
