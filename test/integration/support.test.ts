// The integration tests' own machinery, without servers: what it renders and when it refuses to run.
import { pgbouncerEnvironment } from "../../stacks/components/services";
import { renderPgbouncerConfig, withOverrides } from "./pgbouncer-config";
import { serverLikeRds } from "./program";
import { prerequisites } from "./servers";

const sidecar = withOverrides(
  pgbouncerEnvironment({
    database: { host: "db.internal.example", port: 5432, name: "prodready" },
    limits: { pgbouncerDefaultPoolSize: 2, pgbouncerMaxClientConn: 100 },
  }),
  { DB_USER: "app", DB_PASSWORD: "s3cret" },
);

describe("renderPgbouncerConfig", () => {
  const files = renderPgbouncerConfig(sidecar, { user: "postgres", authFile: "/etc/pgbouncer/userlist.txt" });

  test("renders every sidecar setting the way the image's entrypoint does", () => {
    expect(files.ini.split("\n")).toEqual(
      expect.arrayContaining([
        "prodready = host=db.internal.example port=5432 auth_user=app",
        "listen_addr = 127.0.0.1",
        "listen_port = 6432",
        "auth_type = scram-sha-256",
        "pool_mode = transaction",
        "default_pool_size = 2",
        "max_client_conn = 100",
        "server_tls_sslmode = require",
        "ignore_startup_parameters = extra_float_digits,options",
      ]),
    );
    // No client TLS settings: pgBouncer's default client_tls_sslmode is disable.
    expect(files.ini).not.toMatch(/client_tls/);
  });

  test("writes the password in clear for scram-sha-256 (pgBouncer then does SCRAM on both sides)", () => {
    expect(files.userlist).toBe(`"app" "s3cret"\n`);
  });

  test("refuses a setting it does not know, so none is silently left out of the test", () => {
    expect(() =>
      renderPgbouncerConfig(withOverrides(sidecar, { SERVER_TLS_VERIFY: "yes" }), {
        user: "postgres",
        authFile: "x",
      }),
    ).toThrow("renderPgbouncerConfig does not know the sidecar setting SERVER_TLS_VERIFY");
  });
});

describe("serverLikeRds", () => {
  test("rds.force_ssl=1 becomes a TLS-only pg_hba.conf; other parameters become settings", () => {
    expect(
      serverLikeRds([
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        { name: "log_statement", value: "none", applyMethod: "immediate" },
      ]),
    ).toEqual({
      settings: { log_statement: "none" },
      hba: ["hostnossl all all all reject", "hostssl all all 127.0.0.1/32 scram-sha-256"],
    });
  });

  test("refuses an RDS parameter it cannot translate", () => {
    expect(() =>
      serverLikeRds([{ name: "rds.logical_replication", value: "1", applyMethod: "pending-reboot" }]),
    ).toThrow("serverLikeRds does not know the RDS parameter rds.logical_replication.");
  });
});

describe("prerequisites", () => {
  test("names each missing binary", () => {
    expect(prerequisites(["postgres", "pgbouncer"], {}).missing).toEqual([
      "the PostgreSQL server (postgres and initdb; Debian: apt-get install postgresql)",
      "pgbouncer (Debian: apt-get install pgbouncer)",
      "openssl (to make the test's TLS certificate)",
    ]);
  });
});
