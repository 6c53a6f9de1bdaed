-- query-api's own PostgreSQL login: it reads every table (pg_read_all_data, PostgreSQL >= 14) and writes none, so the
-- API stays read-only even where its JDBC session setting (readOnlyMode=always) could be turned off with SET.
-- Idempotent: the Job runs it again after a restart or a password change. The password comes from the environment
-- (psql's \getenv, PostgreSQL 15+), never from a command line a process listing shows.
\getenv password QUERY_ROLE_PASSWORD
SELECT set_config('marketflow.query_role_password', :'password', false) IS NOT NULL AS password_given;
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'marketflow_query') THEN
        CREATE ROLE marketflow_query;
    END IF;
    EXECUTE format('ALTER ROLE marketflow_query WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD %L',
                   current_setting('marketflow.query_role_password'));
END
$$;
GRANT pg_read_all_data TO marketflow_query;
ALTER ROLE marketflow_query SET default_transaction_read_only = on;
