import { describe, expect, it } from "vitest";
import type { ConfigChange, ConfigEvents } from "@/lib/db/config-events";
import { createTenantCache } from "@/lib/db/tenant-cache";

/* The cache's rules, with hand-driven announcements and clock. */

function fakeEvents(live: boolean) {
  const changes = new Set<(c: ConfigChange) => void>();
  const resets = new Set<() => void>();
  const events: ConfigEvents & { live: boolean } = {
    live,
    onChange: (l) => (changes.add(l), () => changes.delete(l)),
    onReset: (l) => (resets.add(l), () => resets.delete(l)),
    close: async () => undefined,
  };
  return {
    events,
    announce: (change: ConfigChange) => changes.forEach((l) => l(change)),
    reset: () => resets.forEach((l) => l()),
  };
}

const T = "00000000-0000-4000-8000-00000000000a";

function source() {
  const state = { version: 1, loads: 0, gate: null as Promise<void> | null };
  return {
    state,
    load: async () => {
      state.loads++;
      const version = state.version;
      if (state.gate) await state.gate;
      return { version, value: `config v${version}` };
    },
  };
}

describe("tenant cache", () => {
  it("serves from memory until a newer version is announced", async () => {
    const { events, announce } = fakeEvents(true);
    const src = source();
    const cache = createTenantCache({ events, load: src.load });
    expect((await cache.get(T)).value).toBe("config v1");
    expect((await cache.get(T)).value).toBe("config v1");
    expect(src.state.loads).toBe(1);
    announce({ tenantId: T, version: 1, table: "faq_entries" });
    await cache.get(T);
    expect(src.state.loads).toBe(1);
    src.state.version = 2;
    announce({ tenantId: T, version: 2, table: "faq_entries" });
    expect((await cache.get(T)).value).toBe("config v2");
    expect(src.state.loads).toBe(2);
  });

  it("ignores tables it does not read, and drops everything when the listener reconnects", async () => {
    const { events, announce, reset } = fakeEvents(true);
    const src = source();
    const cache = createTenantCache({ events, load: src.load, tables: ["services"] });
    await cache.get(T);
    src.state.version = 2;
    announce({ tenantId: T, version: 2, table: "channel_routes" });
    expect((await cache.get(T)).version).toBe(1);
    reset();
    expect((await cache.get(T)).version).toBe(2);
  });

  it("re-reads when a caller saw a newer version than the cached one", async () => {
    const { events } = fakeEvents(true);
    const src = source();
    const cache = createTenantCache({ events, load: src.load });
    await cache.get(T);
    src.state.version = 5;
    expect((await cache.get(T, 5)).version).toBe(5);
    expect((await cache.get(T, 3)).version).toBe(5);
    expect(src.state.loads).toBe(2);
  });

  it("without announcements, keeps an entry no longer than the time bound", async () => {
    const { events } = fakeEvents(false);
    const src = source();
    let now = 0;
    const cache = createTenantCache({ events, load: src.load, ttlMs: 2_000 }, () => now);
    await cache.get(T);
    now = 1_999;
    src.state.version = 2;
    expect((await cache.get(T)).version).toBe(1);
    now = 2_000;
    expect((await cache.get(T)).version).toBe(2);
  });

  it("does not keep a load that an announcement overtook", async () => {
    const { events, announce } = fakeEvents(true);
    const src = source();
    const cache = createTenantCache({ events, load: src.load });
    let open!: () => void;
    src.state.gate = new Promise((r) => (open = r));
    const pending = cache.get(T);
    // The configuration changes while the first read is in flight.
    announce({ tenantId: T, version: 2, table: "services" });
    open();
    expect((await pending).version).toBe(1);
    src.state.gate = null;
    src.state.version = 2;
    expect((await cache.get(T)).version).toBe(2);
  });

  it("reads a tenant once for concurrent callers", async () => {
    const { events } = fakeEvents(true);
    const src = source();
    const cache = createTenantCache({ events, load: src.load });
    await Promise.all([cache.get(T), cache.get(T), cache.get(T)]);
    expect(src.state.loads).toBe(1);
  });
});
