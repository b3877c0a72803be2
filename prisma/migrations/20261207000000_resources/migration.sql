-- Resources: staff members and rooms, each with its own diary, services,
-- hours and closures. Appointments overlap-check per resource instead of per
-- tenant. Every existing tenant gets one default resource carrying today's
-- opening hours and all its services, and every appointment moves onto it
-- (only resource_id is written: history, events and updated_at are kept).

-- CreateEnum
CREATE TYPE "ResourceKind" AS ENUM ('staff', 'room');

-- CreateTable
CREATE TABLE "resources" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "name" TEXT NOT NULL,
    "kind" "ResourceKind" NOT NULL DEFAULT 'staff',
    "member_user_id" UUID,
    "position" INTEGER NOT NULL DEFAULT 0,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resources_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateTable
CREATE TABLE "resource_services" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "resource_id" UUID NOT NULL,
    "service_id" UUID NOT NULL,

    CONSTRAINT "resource_services_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateTable
CREATE TABLE "resource_hours" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "resource_id" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "opens_at" INTEGER NOT NULL,
    "closes_at" INTEGER NOT NULL,

    CONSTRAINT "resource_hours_pkey" PRIMARY KEY ("tenant_id", "id")
);

-- CreateTable
CREATE TABLE "resource_closures" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tenant_id" UUID NOT NULL DEFAULT (NULLIF(current_setting('app.tenant_id', true), ''))::uuid,
    "resource_id" UUID NOT NULL,
    "starts_on" DATE NOT NULL,
    "ends_on" DATE NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resource_closures_pkey" PRIMARY KEY ("tenant_id", "id")
);

CREATE INDEX "resources_tenant_id_position_idx" ON "resources"("tenant_id", "position");
-- One name per tenant whatever the case: "Karim" and "karim" would be the same person to a caller.
CREATE UNIQUE INDEX "resources_tenant_id_name_key" ON "resources"("tenant_id", lower("name"));
-- At most one default resource per tenant (the trigger below makes exactly one).
CREATE UNIQUE INDEX "resources_one_default" ON "resources"("tenant_id") WHERE "is_default";
CREATE INDEX "resource_services_tenant_id_service_id_idx" ON "resource_services"("tenant_id", "service_id");
CREATE UNIQUE INDEX "resource_services_tenant_id_resource_id_service_id_key" ON "resource_services"("tenant_id", "resource_id", "service_id");
CREATE INDEX "resource_hours_tenant_id_resource_id_weekday_idx" ON "resource_hours"("tenant_id", "resource_id", "weekday");
CREATE INDEX "resource_closures_tenant_id_resource_id_starts_on_idx" ON "resource_closures"("tenant_id", "resource_id", "starts_on");

ALTER TABLE "resources" ADD CONSTRAINT "resources_name_valid" CHECK (length(btrim("name")) BETWEEN 1 AND 80);
ALTER TABLE "resource_hours" ADD CONSTRAINT "resource_hours_valid"
  CHECK ("weekday" BETWEEN 1 AND 7 AND "opens_at" >= 0 AND "closes_at" <= 1440 AND "opens_at" < "closes_at");
ALTER TABLE "resource_closures" ADD CONSTRAINT "resource_closures_valid" CHECK ("starts_on" <= "ends_on");

ALTER TABLE "resources" ADD CONSTRAINT "resources_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A member who leaves the tenant leaves the resource unlinked, not deleted.
ALTER TABLE "resources" ADD CONSTRAINT "resources_tenant_id_member_user_id_fkey" FOREIGN KEY ("tenant_id", "member_user_id")
  REFERENCES "memberships"("tenant_id", "user_id") ON DELETE SET NULL ("member_user_id") ON UPDATE CASCADE;
ALTER TABLE "resource_services" ADD CONSTRAINT "resource_services_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_services" ADD CONSTRAINT "resource_services_tenant_id_resource_id_fkey" FOREIGN KEY ("tenant_id", "resource_id") REFERENCES "resources"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_services" ADD CONSTRAINT "resource_services_tenant_id_service_id_fkey" FOREIGN KEY ("tenant_id", "service_id") REFERENCES "services"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_hours" ADD CONSTRAINT "resource_hours_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_hours" ADD CONSTRAINT "resource_hours_tenant_id_resource_id_fkey" FOREIGN KEY ("tenant_id", "resource_id") REFERENCES "resources"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_closures" ADD CONSTRAINT "resource_closures_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "resource_closures" ADD CONSTRAINT "resource_closures_tenant_id_resource_id_fkey" FOREIGN KEY ("tenant_id", "resource_id") REFERENCES "resources"("tenant_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ------------------------------------------------------- ownership, RLS ---

DO $$
DECLARE
  t text;
  policy_expr constant text :=
    $p$"tenant_id" = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)$p$;
BEGIN
  FOREACH t IN ARRAY ARRAY['resources', 'resource_services', 'resource_hours', 'resource_closures']
  LOOP
    EXECUTE format('ALTER TABLE %I OWNER TO frontdesk_owner', t);
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I TO frontdesk_app USING (%s) WITH CHECK (%s)', t, policy_expr, policy_expr);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO frontdesk_app', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO frontdesk_platform', t);
    -- The receptionist caches resources with the rest of the configuration.
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version()', t || '_config_insert', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version()', t || '_config_update', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bump_tenant_config_version()', t || '_config_delete', t);
  END LOOP;
END
$$;

-- ------------------------------------------------- the default resource ---

-- Owns the functions that give every tenant its default resource, whoever
-- creates the tenant (sign-up's definer, the platform, the seed, a test as
-- superuser): it may read a tenant's hours and services and write resources.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'frontdesk_diary_keeper') THEN
    CREATE ROLE frontdesk_diary_keeper NOLOGIN NOSUPERUSER BYPASSRLS;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO frontdesk_diary_keeper;
GRANT SELECT ON "tenants", "business_profiles" TO frontdesk_diary_keeper;
GRANT SELECT, INSERT ON "resources", "resource_services" TO frontdesk_diary_keeper;

-- A new tenant's diary: named after the tenant, no hours rows (it works the
-- business's hours, whatever they become), linked to services as they come.
CREATE FUNCTION resources_create_default() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  INSERT INTO "resources" ("tenant_id", "id", "name", "kind", "position", "is_default", "updated_at")
  VALUES (NEW."id", gen_random_uuid(), COALESCE(NULLIF(left(btrim(NEW."name"), 80), ''), 'Agenda'), 'staff', 0, true, now());
  RETURN NULL;
END
$$;
ALTER FUNCTION resources_create_default() OWNER TO frontdesk_diary_keeper;
REVOKE ALL ON FUNCTION resources_create_default() FROM PUBLIC;
CREATE TRIGGER tenants_default_resource AFTER INSERT ON "tenants" FOR EACH ROW EXECUTE FUNCTION resources_create_default();

-- A service created while the default resource is the tenant's only one is
-- performed by it, so a single-diary business never has to link services.
CREATE FUNCTION resources_link_new_service() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
BEGIN
  INSERT INTO "resource_services" ("tenant_id", "id", "resource_id", "service_id")
  SELECT r."tenant_id", gen_random_uuid(), r."id", NEW."id" FROM "resources" r
  WHERE r."tenant_id" = NEW."tenant_id" AND r."is_default"
    AND NOT EXISTS (SELECT 1 FROM "resources" o WHERE o."tenant_id" = NEW."tenant_id" AND NOT o."is_default")
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
ALTER FUNCTION resources_link_new_service() OWNER TO frontdesk_diary_keeper;
REVOKE ALL ON FUNCTION resources_link_new_service() FROM PUBLIC;
CREATE TRIGGER services_link_default_resource AFTER INSERT ON "services" FOR EACH ROW EXECUTE FUNCTION resources_link_new_service();

-- An appointment written without a resource (seeds, scripts, hand-written
-- SQL, code that predates resources) goes into the tenant's default diary.
-- Runs as the writer: row-level security applies to the lookup as to the row.
CREATE FUNCTION appointments_default_resource() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  SELECT r."id" INTO NEW."resource_id" FROM "resources" r WHERE r."tenant_id" = NEW."tenant_id" AND r."is_default";
  RETURN NEW;
END
$$;
ALTER FUNCTION appointments_default_resource() OWNER TO frontdesk_owner;

-- ------------------------------------------------- existing tenants ---

INSERT INTO "resources" ("tenant_id", "id", "name", "kind", "position", "is_default", "created_at", "updated_at")
SELECT t."id", gen_random_uuid(), COALESCE(NULLIF(left(btrim(COALESCE(NULLIF(btrim(p."business_name"), ''), t."name")), 80), ''), 'Agenda'),
  'staff', 0, true, now(), now()
FROM "tenants" t LEFT JOIN "business_profiles" p ON p."tenant_id" = t."id";

-- Today's hours, copied: the default resource keeps exactly the diary the tenant had.
INSERT INTO "resource_hours" ("tenant_id", "id", "resource_id", "weekday", "opens_at", "closes_at")
SELECT h."tenant_id", gen_random_uuid(), r."id", h."weekday", h."opens_at", h."closes_at"
FROM "opening_hours" h JOIN "resources" r ON r."tenant_id" = h."tenant_id" AND r."is_default";

INSERT INTO "resource_services" ("tenant_id", "id", "resource_id", "service_id")
SELECT s."tenant_id", gen_random_uuid(), r."id", s."id"
FROM "services" s JOIN "resources" r ON r."tenant_id" = s."tenant_id" AND r."is_default";

-- Only resource_id is set: the status/starts_at triggers (events, confirmations) do not fire.
ALTER TABLE "appointments" ADD COLUMN "resource_id" UUID;
UPDATE "appointments" a SET "resource_id" = r."id"
FROM "resources" r WHERE r."tenant_id" = a."tenant_id" AND r."is_default";
ALTER TABLE "appointments" ALTER COLUMN "resource_id" SET NOT NULL;

ALTER TABLE "appointments" ADD CONSTRAINT "appointments_tenant_id_resource_id_fkey" FOREIGN KEY ("tenant_id", "resource_id")
  REFERENCES "resources"("tenant_id", "id") ON DELETE NO ACTION ON UPDATE CASCADE;
CREATE INDEX "appointments_tenant_id_resource_id_starts_at_idx" ON "appointments"("tenant_id", "resource_id", "starts_at");

CREATE TRIGGER appointments_default_resource BEFORE INSERT ON "appointments"
  FOR EACH ROW WHEN (NEW."resource_id" IS NULL) EXECUTE FUNCTION appointments_default_resource();

-- Two booked appointments of one resource can never overlap; two resources
-- of a tenant work in parallel. Same name, so callers' error mapping holds.
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_no_overlap";
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_no_overlap"
  EXCLUDE USING gist ("tenant_id" WITH =, "resource_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&)
  WHERE ("status" = 'booked');
