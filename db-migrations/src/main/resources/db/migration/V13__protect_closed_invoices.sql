-- Closed periods and issued invoices are immutable: no UPDATE or DELETE of an invoice, its lines,
-- its usage marks or a closed period, whoever asks. Corrections are new lines on a later invoice.
CREATE FUNCTION refuse_change_to_closed_billing() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gatehouse: % is immutable once issued or closed (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'P0001', HINT = 'bill corrections as adjustment lines on a later invoice';
END
$$;

CREATE TRIGGER invoices_are_immutable BEFORE UPDATE OR DELETE ON invoices
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_closed_billing();
CREATE TRIGGER invoice_lines_are_immutable BEFORE UPDATE OR DELETE ON invoice_lines
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_closed_billing();
CREATE TRIGGER invoice_usage_is_immutable BEFORE UPDATE OR DELETE ON invoice_usage
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_closed_billing();
CREATE TRIGGER closed_billing_periods_are_immutable BEFORE UPDATE OR DELETE ON billing_periods
    FOR EACH ROW WHEN (OLD.status = 'closed') EXECUTE FUNCTION refuse_change_to_closed_billing();
