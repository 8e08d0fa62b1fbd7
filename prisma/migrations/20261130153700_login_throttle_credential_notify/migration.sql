-- Failed logIn attempts, one row per account (key "account:<email>") and per
-- client address (key "address:<ip>"). In the database rather than in memory
-- so every API process and a restart see the same counters.
CREATE TABLE "LoginThrottle" (
    "key" TEXT NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "lastFailureAt" TIMESTAMP(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- API processes cache who a bearer token or session belongs to and each
-- member's role. Every change that must end that cache entry at once (a
-- revoked or deleted token, a deleted session, a membership added, changed or
-- removed, an account changed or deleted) announces itself on this channel,
-- whichever process or tool made it (cascaded deletes fire these row triggers
-- too). The payload names only ids, never a secret or its hash.
-- The function body is an escape string with every semicolon written as \073:
-- Prisma's migration runner (driver adapter) splits a script at every
-- semicolon, inside quotes too.
CREATE FUNCTION "headstart_notify_credential_change"() RETURNS trigger
LANGUAGE plpgsql AS E'
BEGIN
    IF TG_TABLE_NAME = ''Session'' THEN
        PERFORM pg_notify(''headstart_credentials'',
            json_build_object(''kind'', ''session'', ''id'', OLD."id", ''userId'', OLD."userId")::text)\073
    ELSIF TG_TABLE_NAME = ''ApiToken'' THEN
        IF TG_OP = ''DELETE'' OR NEW."revokedAt" IS DISTINCT FROM OLD."revokedAt" THEN
            PERFORM pg_notify(''headstart_credentials'',
                json_build_object(''kind'', ''apiToken'', ''id'', OLD."id", ''userId'', OLD."userId")::text)\073
        END IF\073
    ELSIF TG_TABLE_NAME = ''Membership'' THEN
        IF TG_OP = ''INSERT'' THEN
            PERFORM pg_notify(''headstart_credentials'',
                json_build_object(''kind'', ''membership'', ''teamId'', NEW."teamId", ''userId'', NEW."userId")::text)\073
        ELSIF TG_OP = ''DELETE'' OR NEW."role" IS DISTINCT FROM OLD."role" THEN
            PERFORM pg_notify(''headstart_credentials'',
                json_build_object(''kind'', ''membership'', ''teamId'', OLD."teamId", ''userId'', OLD."userId")::text)\073
        END IF\073
    ELSIF TG_TABLE_NAME = ''User'' THEN
        IF TG_OP = ''DELETE'' OR NEW."email" IS DISTINCT FROM OLD."email" OR NEW."name" IS DISTINCT FROM OLD."name"
            OR NEW."passwordHash" IS DISTINCT FROM OLD."passwordHash" THEN
            PERFORM pg_notify(''headstart_credentials'', json_build_object(''kind'', ''user'', ''userId'', OLD."id")::text)\073
        END IF\073
    END IF\073
    RETURN NULL\073
END\073
';

CREATE TRIGGER "Session_notify_credential_change" AFTER DELETE ON "Session"
    FOR EACH ROW EXECUTE FUNCTION "headstart_notify_credential_change"();
CREATE TRIGGER "ApiToken_notify_credential_change" AFTER UPDATE OR DELETE ON "ApiToken"
    FOR EACH ROW EXECUTE FUNCTION "headstart_notify_credential_change"();
CREATE TRIGGER "Membership_notify_credential_change" AFTER INSERT OR UPDATE OR DELETE ON "Membership"
    FOR EACH ROW EXECUTE FUNCTION "headstart_notify_credential_change"();
CREATE TRIGGER "User_notify_credential_change" AFTER UPDATE OR DELETE ON "User"
    FOR EACH ROW EXECUTE FUNCTION "headstart_notify_credential_change"();
