// Real PostgreSQL and pgBouncer processes for the integration tests: loopback only, free ports,
// throwaway directories, run as a non-root user, and always stopped by pid (also when a test fails).
import { ChildProcess, execFileSync, spawn, spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { Client, ClientConfig } from "pg";

export type ServerBinary = "postgres" | "pgbouncer";

export interface Binaries {
  /** Directory holding postgres and initdb. */
  postgresBinDir?: string;
  pgbouncer?: string;
  openssl?: string;
}

const SEARCH_PATH = [
  ...(process.env.PATH ?? "").split(path.delimiter),
  "/usr/sbin",
  "/sbin",
  "/usr/local/sbin",
];

function onPath(command: string): string | undefined {
  for (const directory of SEARCH_PATH) {
    const candidate = path.join(directory, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The newest Debian-layout PostgreSQL (or PG_BIN_DIR, or pg_config's bindir), pgBouncer and openssl. */
export function findBinaries(): Binaries {
  const hasServer = (directory: string) =>
    fs.existsSync(path.join(directory, "postgres")) && fs.existsSync(path.join(directory, "initdb"));
  let postgresBinDir =
    process.env.PG_BIN_DIR && hasServer(process.env.PG_BIN_DIR) ? process.env.PG_BIN_DIR : undefined;
  if (!postgresBinDir && fs.existsSync("/usr/lib/postgresql")) {
    const majors = fs
      .readdirSync("/usr/lib/postgresql")
      .filter((entry) => /^\d+$/.test(entry))
      .sort((left, right) => Number(right) - Number(left));
    postgresBinDir = majors.map((major) => `/usr/lib/postgresql/${major}/bin`).find(hasServer);
  }
  const pgConfig = onPath("pg_config");
  if (!postgresBinDir && pgConfig) {
    const directory = spawnSync(pgConfig, ["--bindir"], { encoding: "utf8" }).stdout?.trim();
    if (directory && hasServer(directory)) postgresBinDir = directory;
  }
  return { postgresBinDir, pgbouncer: onPath("pgbouncer"), openssl: onPath("openssl") };
}

export interface Prerequisites {
  binaries: Binaries;
  /** What is missing, as sentences; empty when the servers can run. */
  missing: string[];
}

export function prerequisites(needs: ServerBinary[], binaries: Binaries = findBinaries()): Prerequisites {
  const missing: string[] = [];
  if (!binaries.postgresBinDir)
    missing.push("the PostgreSQL server (postgres and initdb; Debian: apt-get install postgresql)");
  if (needs.includes("pgbouncer") && !binaries.pgbouncer)
    missing.push("pgbouncer (Debian: apt-get install pgbouncer)");
  if (!binaries.openssl) missing.push("openssl (to make the test's TLS certificate)");
  if (binaries.postgresBinDir && process.getuid?.() === 0 && !serverAccount())
    missing.push("a non-root account to run the servers as (postgres or nobody)");
  return { binaries, missing };
}

/**
 * `describe` when the servers can run. Without them: under CI=true a failing test (CI must prove the
 * model for real), elsewhere a loud skip.
 */
export function describeWithServers(
  title: string,
  needs: ServerBinary[],
  body: (binaries: Binaries) => void,
  found: Binaries = findBinaries(),
): void {
  const { binaries, missing } = prerequisites(needs, found);
  if (missing.length === 0) {
    describe(title, () => body(binaries));
    return;
  }
  const message = `${title}: missing ${missing.join("; ")}.`;
  if (process.env.CI === "true") {
    test(`${title}: the server binaries are installed (required when CI=true)`, () => {
      throw new Error(`${message} CI must run these tests; .ci/run installs the packages.`);
    });
    return;
  }
  const banner = "#".repeat(100);
  console.warn(
    `${banner}\nSKIPPED (not CI): ${message}\nThese tests prove the database access model and the pooler for real; install the packages and rerun.\n${banner}`,
  );
  describe.skip(title, () => body(binaries));
}

interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** PostgreSQL refuses to run as root: as root, the servers run as `postgres` (or `nobody`). */
function serverAccount(): Account | undefined {
  if (process.getuid?.() !== 0) {
    const info = os.userInfo();
    return { name: info.username, uid: info.uid, gid: info.gid };
  }
  const passwd = fs.readFileSync("/etc/passwd", "utf8").split("\n");
  for (const name of ["postgres", "nobody"]) {
    const fields = passwd.find((line) => line.startsWith(`${name}:`))?.split(":");
    if (fields && Number(fields[2]) !== 0) return { name, uid: Number(fields[2]), gid: Number(fields[3]) };
  }
  return undefined;
}

/** A port free on 127.0.0.1 right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Processes and directories this worker created: the exit hook removes what a crashed test left. */
const running = new Set<ChildProcess>();
const workspaces = new Set<string>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const cleanUp = () => {
    for (const child of running) if (child.pid !== undefined) killQuietly(child.pid, "SIGKILL");
    for (const directory of workspaces) fs.rmSync(directory, { recursive: true, force: true });
  };
  process.on("exit", cleanUp);
  // Interrupted runs (Ctrl-C, a CI timeout) clean up too, then die of the same signal.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => {
      cleanUp();
      process.kill(process.pid, signal);
    });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** A fresh 0700 directory under the system tmp dir, owned by the server account; removed by `remove`. */
export class Workspace {
  readonly directory: string;
  readonly account: Account;

  constructor(label: string) {
    installExitHook();
    const account = serverAccount();
    if (!account) throw new Error("No non-root account (postgres or nobody) to run the servers as.");
    this.account = account;
    this.directory = fs.mkdtempSync(path.join(os.tmpdir(), `prodready-${label}-`));
    workspaces.add(this.directory);
    fs.chmodSync(this.directory, 0o700);
    fs.chownSync(this.directory, account.uid, account.gid);
  }

  /** Writes a file the server account owns (mode 0600 unless told). */
  write(name: string, content: string, mode = 0o600): string {
    const file = path.join(this.directory, name);
    fs.writeFileSync(file, content, { mode });
    fs.chmodSync(file, mode);
    fs.chownSync(file, this.account.uid, this.account.gid);
    return file;
  }

  remove(): void {
    fs.rmSync(this.directory, { recursive: true, force: true });
    workspaces.delete(this.directory);
  }

  /** Runs a command as the server account and fails with its output if it does not succeed. */
  run(command: string, args: string[]): string {
    const result = spawnSync(command, args, {
      cwd: this.directory,
      uid: this.account.uid,
      gid: this.account.gid,
      env: serverEnvironment(),
      encoding: "utf8",
      timeout: 30_000,
    });
    if (result.status !== 0) {
      throw new Error(
        `${path.basename(command)} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`,
      );
    }
    return result.stdout;
  }
}

function serverEnvironment(): NodeJS.ProcessEnv {
  return { PATH: "/usr/bin:/bin:/usr/sbin:/sbin", LANG: "C", LC_ALL: "C" };
}

export interface Tls {
  certFile: string;
  keyFile: string;
  /** The certificate's PEM: clients trust it as the CA, so they verify the server like sslmode=verify-full. */
  certificate: string;
}

/** A self-signed certificate for 127.0.0.1/localhost, made with openssl, the key readable only by the server account. */
export function selfSignedCertificate(workspace: Workspace, openssl: string): Tls {
  const keyFile = path.join(workspace.directory, "server.key");
  const certFile = path.join(workspace.directory, "server.crt");
  execFileSync(
    openssl,
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      keyFile,
      "-out",
      certFile,
    ],
    { stdio: "pipe", timeout: 30_000 },
  );
  fs.chmodSync(keyFile, 0o600);
  fs.chownSync(keyFile, workspace.account.uid, workspace.account.gid);
  fs.chownSync(certFile, workspace.account.uid, workspace.account.gid);
  return { certFile, keyFile, certificate: fs.readFileSync(certFile, "utf8") };
}

/** A long-running server process: its recent output for diagnostics, and a stop that waits for the exit. */
export class ServerProcess {
  private output = "";
  private readonly exited: Promise<void>;
  private hasExited = false;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    running.add(child);
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) =>
      child.once("exit", () => {
        this.hasExited = true;
        running.delete(child);
        resolve();
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get log(): string {
    return this.output;
  }

  /** Resolves when `pattern` appears in the output; fails if the process exits or the time runs out. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.hasExited) throw new Error(`${this.name} exited before it was ready:\n${this.output}`);
      if (Date.now() > deadline)
        throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Signals the process by pid and waits for it to exit, killing it outright after a grace period. */
  async stop(signal: NodeJS.Signals, graceMs = 5_000): Promise<void> {
    if (this.hasExited || this.child.pid === undefined) return;
    killQuietly(this.child.pid, signal);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    });
    const stopped = await Promise.race([this.exited.then(() => true), grace]);
    clearTimeout(timer);
    if (!stopped) {
      killQuietly(this.child.pid, "SIGKILL");
      await this.exited;
    }
  }
}

function startProcess(name: string, workspace: Workspace, command: string, args: string[]): ServerProcess {
  const child = spawn(command, args, {
    cwd: workspace.directory,
    uid: workspace.account.uid,
    gid: workspace.account.gid,
    env: serverEnvironment(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new ServerProcess(name, child);
}

export interface PostgresOptions {
  binDir: string;
  tls: Tls;
  /** Server settings passed as -c name=value (the program's parameter group, translated). */
  settings: Record<string, string>;
  /** pg_hba.conf lines. */
  hba: string[];
}

/** A throwaway PostgreSQL cluster on 127.0.0.1:<free port>, superuser `postgres` with a random password. */
export class PostgresServer {
  private constructor(
    readonly workspace: Workspace,
    readonly superuserPassword: string,
    readonly process: ServerProcess,
    readonly port: number,
    readonly tls: Tls,
  ) {}

  static async start(workspace: Workspace, options: PostgresOptions): Promise<PostgresServer> {
    const dataDir = path.join(workspace.directory, "data");
    const superuserPassword = crypto.randomBytes(18).toString("base64url");
    const passwordFile = workspace.write("superuser-password", superuserPassword);
    workspace.run(path.join(options.binDir, "initdb"), [
      "--pgdata",
      dataDir,
      "--username",
      "postgres",
      "--pwfile",
      passwordFile,
      "--auth",
      "scram-sha-256",
      "--encoding",
      "UTF8",
      "--locale",
      "C",
      "--no-sync",
    ]);
    fs.rmSync(passwordFile);
    const hbaFile = workspace.write("pg_hba.conf", `${options.hba.join("\n")}\n`);
    const settings: Record<string, string> = {
      listen_addresses: "127.0.0.1",
      unix_socket_directories: "",
      hba_file: hbaFile,
      ssl: "on",
      ssl_cert_file: options.tls.certFile,
      ssl_key_file: options.tls.keyFile,
      // A throwaway cluster: durability only costs time here.
      fsync: "off",
      synchronous_commit: "off",
      full_page_writes: "off",
      ...options.settings,
    };
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const args = ["-D", dataDir, "-c", `port=${port}`];
      for (const [name, value] of Object.entries(settings)) args.push("-c", `${name}=${value}`);
      const server = startProcess("postgres", workspace, path.join(options.binDir, "postgres"), args);
      try {
        await server.waitFor(/database system is ready to accept connections/);
      } catch (error) {
        await server.stop("SIGKILL");
        // Another process may have taken the port between freePort and bind: try another one.
        if (attempt < 3 && /could not (bind|create listen socket)/i.test(server.log)) continue;
        throw error;
      }
      return new PostgresServer(workspace, superuserPassword, server, port, options.tls);
    }
  }

  /** Client settings for a role over TLS, verifying the server certificate (like sslmode=verify-full). */
  clientConfig(user: string, password: string, database = "postgres"): ClientConfig {
    return {
      host: "127.0.0.1",
      port: this.port,
      user,
      password,
      database,
      ssl: { ca: this.tls.certificate, rejectUnauthorized: true },
      connectionTimeoutMillis: 10_000,
    };
  }

  /** A connected client; the caller ends it. */
  async connect(user: string, password: string, database = "postgres"): Promise<Client> {
    const client = new Client(this.clientConfig(user, password, database));
    await client.connect();
    return client;
  }

  async connectAsSuperuser(database = "postgres"): Promise<Client> {
    return this.connect("postgres", this.superuserPassword, database);
  }

  /** Fast shutdown (SIGINT) by pid, then the data directory goes with the workspace. */
  async stop(): Promise<void> {
    await this.process.stop("SIGINT");
  }
}

export interface PgbouncerFiles {
  /** pgbouncer.ini content. */
  ini: string;
  /** The auth_file (userlist.txt) content. */
  userlist: string;
}

/**
 * Starts pgBouncer as the server account on a free port; `configure` renders its files for that port
 * and the auth file path. It logs to stderr, which `log` keeps.
 */
export async function startPgbouncer(
  workspace: Workspace,
  executable: string,
  name: string,
  configure: (listen: { port: number; authFile: string }) => PgbouncerFiles,
): Promise<{ process: ServerProcess; port: number; files: PgbouncerFiles }> {
  const authFile = path.join(workspace.directory, `${name}-userlist.txt`);
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const files = configure({ port, authFile });
    workspace.write(path.basename(authFile), files.userlist);
    const iniFile = workspace.write(`${name}.ini`, files.ini);
    const server = startProcess(name, workspace, executable, [iniFile]);
    try {
      await server.waitFor(/process up/);
    } catch (error) {
      await server.stop("SIGKILL");
      if (attempt < 3 && /Address already in use/i.test(server.log)) continue;
      throw error;
    }
    return { process: server, port, files };
  }
}

/** Expects `sql` to fail for `client` with an error matching `message`, and returns the error. */
export async function expectRefused(client: Client, sql: string, message: RegExp): Promise<Error> {
  let failure: Error | undefined;
  try {
    await client.query(sql);
  } catch (error) {
    failure = error as Error;
  }
  if (!failure) throw new Error(`Expected "${sql}" to be refused with ${message}, but it succeeded.`);
  if (!message.test(failure.message))
    throw new Error(`Expected "${sql}" to be refused with ${message}; it failed with: ${failure.message}`);
  return failure;
}

/** Runs `body` with clients and always ends them. */
export async function withClients<T>(clients: Client[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => undefined)));
  }
}
