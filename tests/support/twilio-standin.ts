import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/*
 * Twilio's Messages REST API at the network edge: POST
 * /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded, with HTTP
 * basic auth AccountSid:AuthToken. It checks what the real API requires
 * (the account in the path is the one authenticated, From and To are
 * whatsapp:+E.164, a Body, a StatusCallback URL), answers 201 with a
 * message SID like Twilio's, and records every request, refused ones too.
 * Faults can be queued: the next requests answer 500 or 400.
 */

export interface RecordedSend {
  accountSid: string;
  authOk: boolean;
  status: number;
  params: Record<string, string>;
  sid: string | null;
}

export interface TwilioStandIn {
  url: string;
  sends: RecordedSend[];
  /** Accounts it knows: sid → auth token. */
  accounts: Map<string, string>;
  /** Statuses the next requests answer with instead of 201 (500, 400…). */
  faults: number[];
  close(): Promise<void>;
}

const WHATSAPP = /^whatsapp:\+[1-9]\d{6,14}$/;

function problem(res: http.ServerResponse, status: number, code: number, message: string) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }));
}

export async function startTwilioStandIn(): Promise<TwilioStandIn> {
  const sends: RecordedSend[] = [];
  const accounts = new Map<string, string>();
  const faults: number[] = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const match = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(req.url ?? "");
      if (req.method !== "POST" || !match) return problem(res, 404, 20404, "The requested resource was not found");
      const accountSid = match[1]!;
      const params = Object.fromEntries(new URLSearchParams(raw));
      const [user, pass] = Buffer.from((req.headers.authorization ?? "").replace(/^Basic /, ""), "base64").toString().split(":");
      const authOk = user === accountSid && accounts.get(accountSid) === pass;
      const record: RecordedSend = { accountSid, authOk, status: 0, params, sid: null };
      sends.push(record);
      const refuse = (status: number, code: number, message: string) => {
        record.status = status;
        problem(res, status, code, message);
      };
      if (!authOk) return refuse(401, 20003, "Authenticate");
      if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) return refuse(400, 21000, "Form body required");
      if (!WHATSAPP.test(params.From ?? "")) return refuse(400, 21212, "Invalid From Number");
      if (!WHATSAPP.test(params.To ?? "")) return refuse(400, 21211, "Invalid To Number");
      if (!params.Body || params.Body.length > 1600) return refuse(400, 21602, "Message body is required");
      if (!/^https?:\/\/\S+$/.test(params.StatusCallback ?? "")) return refuse(400, 21609, "Invalid StatusCallback");
      const fault = faults.shift();
      if (fault) return refuse(fault, fault >= 500 ? 20500 : 21610, fault >= 500 ? "Internal Server Error" : "Attempt to send to unsubscribed recipient");
      record.status = 201;
      record.sid = "SM" + randomBytes(16).toString("hex");
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ sid: record.sid, account_sid: accountSid, from: params.From, to: params.To, body: params.Body, status: "queued", direction: "outbound-api", date_created: new Date().toUTCString(), num_segments: "1", price: null, error_code: null, error_message: null, uri: `/2010-04-01/Accounts/${accountSid}/Messages/${record.sid}.json` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sends,
    accounts,
    faults,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
