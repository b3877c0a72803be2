-- Day 7 of an unpaid invoice: configuration changes are refused while the
-- receptionist keeps answering. Set by the dunning job (which runs on an
-- injectable clock) and cleared by a paid invoice, so request paths read a
-- state instead of each comparing dates against their own clock.
ALTER TABLE "tenants" ADD COLUMN "config_locked_at" TIMESTAMPTZ(3);
