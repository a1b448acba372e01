/**
 * A real Dovecot IMAP server for tests: started as a child process with its own configuration in a
 * temporary directory (base_dir, maildirs, a passwd-file of plaintext test users), listening on a
 * free loopback port with implicit TLS, and on a second one with STARTTLS required before login
 * (`ssl = required`). Its certificate is issued at test
 * time by a throwaway CA, so clients must be given that CA — which exercises certificate checking.
 *
 * Dovecot comes from the Debian package `dovecot-imapd`; without it `startDovecot` throws a message
 * saying how to install it (the tests fail, they are not skipped).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";

const DOVECOT_BINARIES = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"];

export type DovecotUser = { user: string; password: string };

export type Dovecot = {
  host: "127.0.0.1";
  /** Implicit TLS. */
  port: number;
  /** Plain IMAP that requires STARTTLS before login. */
  starttlsPort: number;
  /** PEM of the CA that issued the server certificate. */
  ca: string;
  /** PEM of another CA that did not (for "untrusted certificate" tests). */
  otherCa: string;
  users: DovecotUser[];
  /** Dovecot's log so far (for failure messages). */
  log(): string;
  /** An authenticated client for a test user (trusting the test CA). */
  connect(user: DovecotUser): Promise<ImapFlow>;
  /** Appends raw messages to a user's folder (IMAP APPEND), creating the folder if needed. */
  deliver(user: DovecotUser, messages: (string | Buffer)[], folder?: string): Promise<void>;
  /** Raw sources of every message in a user's folder, oldest first. */
  list(user: DovecotUser, folder?: string): Promise<string[]>;
  stop(): Promise<void>;
};

function findDovecot(): string {
  const found = DOVECOT_BINARIES.find((candidate) => fs.existsSync(candidate));
  if (!found) {
    throw new Error(
      "Dovecot is not installed, and the IMAP polling tests need a real IMAP server. " +
        "Install it with: apt-get install dovecot-imapd (Debian/Ubuntu, after apt-get update).",
    );
  }
  return found;
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

/** A CA and a server certificate for 127.0.0.1 / localhost signed by it; and an unrelated CA. */
function makeCertificates(dir: string): { ca: string; otherCa: string } {
  const subject = (cn: string) => ["-subj", `/CN=${cn}`];
  for (const name of ["ca", "other-ca"]) {
    openssl(
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.crt`,
        "-days",
        "2",
        ...subject(`Helpdesk test ${name}`),
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
      ],
      dir,
    );
  }
  openssl(
    [
      "req",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-keyout",
      "server.key",
      "-out",
      "server.csr",
      ...subject("127.0.0.1"),
    ],
    dir,
  );
  fs.writeFileSync(
    path.join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
  );
  openssl(
    [
      "x509",
      "-req",
      "-in",
      "server.csr",
      "-CA",
      "ca.crt",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-out",
      "server.crt",
      "-days",
      "2",
      "-extfile",
      "server.ext",
    ],
    dir,
  );
  return {
    ca: fs.readFileSync(path.join(dir, "ca.crt"), "utf8"),
    otherCa: fs.readFileSync(path.join(dir, "other-ca.crt"), "utf8"),
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`Dovecot exited with code ${child.exitCode} on start:\n${log()}`);
    }
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`Dovecot did not listen on ${port}:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startDovecot(
  users: DovecotUser[] = [{ user: "support", password: "imap-test-password" }],
): Promise<Dovecot> {
  const binary = findDovecot();
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "dovecot-test-"));
  await fsp.chmod(dir, 0o755);
  const { ca, otherCa } = makeCertificates(dir);

  // As root, mail is owned by an unprivileged account (Dovecot refuses uid 0 for mail); otherwise by
  // the current user, which then also runs the login and internal processes.
  const isRoot = process.getuid?.() === 0;
  const account = isRoot ? "nobody" : os.userInfo().username;
  const uid = isRoot
    ? Number(execFileSync("id", ["-u", account]).toString().trim())
    : process.getuid!();
  const gid = isRoot
    ? Number(execFileSync("id", ["-g", account]).toString().trim())
    : process.getgid!();
  const mailRoot = path.join(dir, "mail");
  await fsp.mkdir(mailRoot, { recursive: true });
  if (isRoot) await fsp.chown(mailRoot, uid, gid);

  await fsp.writeFile(
    path.join(dir, "users"),
    users
      .map((u) => `${u.user}:{PLAIN}${u.password}:${uid}:${gid}::${mailRoot}/${u.user}::`)
      .join("\n") + "\n",
    { mode: 0o644 },
  );
  const port = await freePort();
  const starttlsPort = await freePort();
  const dhFile = "/usr/share/dovecot/dh.pem";
  const config = `
instance_name = helpdesk-test-${path.basename(dir)}
base_dir = ${dir}/run
state_dir = ${dir}/state
protocols = imap
listen = 127.0.0.1
log_path = /dev/stderr
info_log_path = /dev/stderr
ssl = required
ssl_cert = <${dir}/server.crt
ssl_key = <${dir}/server.key
ssl_min_protocol = TLSv1.2
${fs.existsSync(dhFile) ? `ssl_dh = <${dhFile}` : ""}
disable_plaintext_auth = yes
auth_mechanisms = plain login
auth_failure_delay = 0
first_valid_uid = ${Math.min(uid, 500)}
first_valid_gid = 0
${isRoot ? "" : `default_login_user = ${account}\ndefault_internal_user = ${account}`}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = passwd-file
  args = username_format=%u ${dir}/users
}
mail_location = maildir:~/Maildir
namespace inbox {
  inbox = yes
  separator = /
}
service imap-login {
  ${isRoot ? "" : "chroot ="}
  inet_listener imap {
    address = 127.0.0.1
    port = ${starttlsPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${port}
    ssl = yes
  }
}
# No growing per-IP delay after failed logins (anvil's auth penalty): the tests fail logins on purpose.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service stats {
  inet_listener http {
    port = 0
  }
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
  const configFile = path.join(dir, "dovecot.conf");
  await fsp.writeFile(configFile, config);

  const child = spawn(binary, ["-F", "-c", configFile], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-20_000);
  };
  child.stdout!.on("data", append);
  child.stderr!.on("data", append);
  const log = () => output;
  try {
    await waitForPort(port, child, log);
    await waitForPort(starttlsPort, child, log);
  } catch (error) {
    child.kill("SIGKILL");
    await fsp.rm(dir, { recursive: true, force: true });
    throw error;
  }

  const connect = async (user: DovecotUser) => {
    const client = new ImapFlow({
      host: "127.0.0.1",
      port,
      secure: true,
      auth: { user: user.user, pass: user.password },
      tls: { ca },
      logger: false,
    });
    client.on("error", () => {});
    await client.connect();
    return client;
  };

  return {
    host: "127.0.0.1",
    port,
    starttlsPort,
    ca,
    otherCa,
    users,
    log,
    connect,
    async deliver(user, messages, folder = "INBOX") {
      const client = await connect(user);
      try {
        if (folder !== "INBOX") await client.mailboxCreate(folder);
        for (const message of messages) {
          const appended = await client.append(folder, message);
          if (!appended) throw new Error(`APPEND to ${folder} failed`);
        }
        await client.logout();
      } finally {
        client.close();
      }
    },
    async list(user, folder = "INBOX") {
      const client = await connect(user);
      try {
        const status = await client.status(folder, { messages: true });
        if (!status || !status.messages) {
          await client.logout();
          return [];
        }
        const lock = await client.getMailboxLock(folder);
        try {
          const messages = await client.fetchAll("1:*", { uid: true, source: true });
          return messages
            .sort((a, b) => a.uid - b.uid)
            .map((m) => m.source?.toString("utf8") ?? "");
        } finally {
          lock.release();
          await client.logout();
        }
      } finally {
        client.close();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}
