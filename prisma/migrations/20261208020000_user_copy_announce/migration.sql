-- Cells (issue 16): a cell keeps a copy of its members' names and emails
-- (lib/cells/tables.ts CELL_COPIES). A change to a user's name or email on
-- the control plane is announced on "frontdesk_directory" as
-- "<tenant id>:users" for each workspace the user belongs to, so the
-- directory sync refreshes those cells' copies. The function reads every
-- tenant's memberships (the control plane's lookup copy), hence
-- SECURITY DEFINER as frontdesk_resolver, which only reads.

CREATE FUNCTION announce_user_copy_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public
AS $$
DECLARE
  v_tenant uuid;
BEGIN
  IF current_setting('app.directory_sync', true) = 'on' THEN
    RETURN NULL;
  END IF;
  FOR v_tenant IN SELECT DISTINCT m."tenant_id" FROM "memberships" m WHERE m."user_id" = NEW."id" LOOP
    PERFORM pg_notify('frontdesk_directory', v_tenant::text || ':users');
  END LOOP;
  RETURN NULL;
END
$$;
ALTER FUNCTION announce_user_copy_change() OWNER TO frontdesk_resolver;
REVOKE ALL ON FUNCTION announce_user_copy_change() FROM PUBLIC;

CREATE TRIGGER users_copy_update AFTER UPDATE OF "name", "email" ON "users"
  FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."email" IS DISTINCT FROM NEW."email")
  EXECUTE FUNCTION announce_user_copy_change();
