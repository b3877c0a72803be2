import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

/*
 * A real CalDAV server for the tests: Debian's radicale on a free loopback
 * port, with a throw-away collection directory and one user (htpasswd,
 * plain). stop() kills the process and start() brings it back on the same
 * port and data, so a test can take the calendar down and up again.
 */

export interface Radicale {
  url: string;
  username: string;
  password: string;
  /** Creates a calendar collection (MKCALENDAR) and returns its URL. */
  makeCalendar(name: string): Promise<string>;
  /** PUTs raw iCalendar text into a collection, as another client would. */
  putIcs(calendarUrl: string, filename: string, ics: string): Promise<number>;
  get(url: string): Promise<{ status: number; body: string }>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const BINARY = process.env.RADICALE_PATH ?? "/usr/bin/radicale";

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

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

export async function startRadicale(): Promise<Radicale> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fd-radicale-"));
  const port = await freePort();
  const username = "owner";
  const password = "app-password-1234";
  writeFileSync(path.join(dir, "users"), `${username}:${password}\n`);
  writeFileSync(
    path.join(dir, "config"),
    [
      "[server]",
      `hosts = 127.0.0.1:${port}`,
      "[auth]",
      "type = htpasswd",
      `htpasswd_filename = ${path.join(dir, "users")}`,
      "htpasswd_encryption = plain",
      "delay = 0",
      "[storage]",
      `filesystem_folder = ${path.join(dir, "collections")}`,
      "[rights]",
      "type = owner_only",
      "[logging]",
      "level = warning",
      "",
    ].join("\n"),
  );
  const url = `http://127.0.0.1:${port}`;
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
  let child: ChildProcess | null = null;

  async function start(): Promise<void> {
    child = spawn(BINARY, ["--config", path.join(dir, "config")], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<never>((_, reject) => child!.once("exit", (code) => reject(new Error(`radicale exited (${code}): ${stderr}`))));
    // Readiness, not time: poll the port until it accepts (a few hundred ms).
    const ready = (async () => {
      for (let i = 0; i < 200; i++) {
        if (await listening(port)) return;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`radicale did not listen on ${port}: ${stderr}`);
    })();
    await Promise.race([ready, exited]);
    exited.catch(() => undefined);
  }

  async function stop(): Promise<void> {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const gone = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGTERM");
    await gone;
  }

  await start();
  return {
    url,
    username,
    password,
    async makeCalendar(name) {
      const calendarUrl = `${url}/${username}/${name}/`;
      const res = await fetch(calendarUrl, {
        method: "MKCALENDAR",
        headers: { authorization: auth, "content-type": "application/xml" },
        body: `<?xml version="1.0"?><C:mkcalendar xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"><D:set><D:prop><D:displayname>${name}</D:displayname></D:prop></D:set></C:mkcalendar>`,
      });
      if (res.status !== 201) throw new Error(`MKCALENDAR answered ${res.status}: ${await res.text()}`);
      return calendarUrl;
    },
    async putIcs(calendarUrl, filename, ics) {
      const res = await fetch(new URL(filename, calendarUrl), { method: "PUT", headers: { authorization: auth, "content-type": "text/calendar" }, body: ics });
      await res.arrayBuffer();
      return res.status;
    },
    async get(target) {
      const res = await fetch(target, { headers: { authorization: auth } });
      return { status: res.status, body: await res.text() };
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
