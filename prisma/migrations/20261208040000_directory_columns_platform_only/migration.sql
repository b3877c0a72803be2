-- Which cell holds a tenant, and its freeze, are the platform's decisions
-- (a move runs as the owner). Request handlers run as frontdesk_app, which may
-- update its own tenants row: without this a handler (or an injection in one)
-- could freeze its tenant or point the directory at another cell.
CREATE FUNCTION tenants_hold_directory() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public
AS $$
BEGIN
  IF current_user = 'frontdesk_app'
     AND ROW(NEW."cell", NEW."cell_state", NEW."cell_frozen_at") IS DISTINCT FROM ROW(OLD."cell", OLD."cell_state", OLD."cell_frozen_at") THEN
    RAISE EXCEPTION 'tenants: the cell directory is changed by the platform only' USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "tenants_a_hold_directory" BEFORE UPDATE OF "cell", "cell_state", "cell_frozen_at" ON "tenants"
  FOR EACH ROW EXECUTE FUNCTION tenants_hold_directory();
