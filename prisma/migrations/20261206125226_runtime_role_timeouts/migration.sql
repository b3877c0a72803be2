-- Time limits for the runtime roles, in this database only: roles are
-- cluster-wide and shared by every database on the server, so the settings
-- are attached to (role, current database). They apply at every login of the
-- role, which also holds behind PgBouncer in transaction mode (a SET per
-- connection would not survive there); the embedded dev server, where the
-- app assumes the role with SET ROLE, copies them into the session itself.
--
-- lock_timeout < statement_timeout < the request deadline (REQUEST_DEADLINE_MS,
-- 10 s): a statement stuck behind a lock or running away fails with its own
-- SQLSTATE (55P03, 57014) and the request still gets its 503 in time.
-- idle_in_transaction_session_timeout ends a transaction its client forgot,
-- releasing its locks. Operators may change them per database with
-- ALTER ROLE ... IN DATABASE ... SET.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['frontdesk_app', 'frontdesk_platform'] LOOP
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L', r, current_database(), '8s');
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET lock_timeout = %L', r, current_database(), '5s');
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET idle_in_transaction_session_timeout = %L', r, current_database(), '15s');
  END LOOP;
END
$$;
