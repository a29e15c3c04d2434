/**
 * oidc-provider storage that never evicts a live record.
 *
 * oidc-provider's default in-memory adapter is an LRU of about 1,000 entries for everything: under
 * load it drops the replay-detection record of a client assertion and then accepts the replay
 * (postman-platform reference, section 6). Here records live in a Map until they expire; expired
 * ones are swept on access and by a timer that does not keep the process alive.
 */

interface StoredPayload {
  [key: string]: unknown;
  grantId?: string;
  userCode?: string;
  uid?: string;
  consumed?: number;
}

interface Entry {
  payload: StoredPayload;
  expiresAt: number | undefined;
}

/** Shared state behind every model's adapter instance. */
export class MemoryStore {
  private readonly entries = new Map<string, Entry>();
  private readonly grantIndex = new Map<string, Set<string>>();
  private readonly uidIndex = new Map<string, string>();
  private readonly userCodeIndex = new Map<string, string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepEveryMs = 60_000) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  /** Number of live records (tests use it to check nothing is dropped). */
  get size(): number {
    return this.entries.size;
  }

  set(key: string, payload: StoredPayload, expiresInSeconds: number | undefined): void {
    this.entries.set(key, {
      payload,
      expiresAt: expiresInSeconds === undefined ? undefined : Date.now() + expiresInSeconds * 1000,
    });
    if (typeof payload.uid === 'string') this.uidIndex.set(payload.uid, key);
    if (typeof payload.userCode === 'string') this.userCodeIndex.set(payload.userCode, key);
    if (typeof payload.grantId === 'string') {
      const keys = this.grantIndex.get(payload.grantId) ?? new Set<string>();
      keys.add(key);
      this.grantIndex.set(payload.grantId, keys);
    }
  }

  get(key: string): StoredPayload | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deleteGrant(grantId: string): void {
    for (const key of this.grantIndex.get(grantId) ?? []) this.entries.delete(key);
    this.grantIndex.delete(grantId);
  }

  findByUid(uid: string): StoredPayload | undefined {
    const key = this.uidIndex.get(uid);
    return key === undefined ? undefined : this.get(key);
  }

  findByUserCode(userCode: string): StoredPayload | undefined {
    const key = this.userCodeIndex.get(userCode);
    return key === undefined ? undefined : this.get(key);
  }

  sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    }
    for (const index of [this.uidIndex, this.userCodeIndex]) {
      for (const [value, key] of index) if (!this.entries.has(key)) index.delete(value);
    }
    for (const [grantId, keys] of this.grantIndex) {
      for (const key of keys) if (!this.entries.has(key)) keys.delete(key);
      if (keys.size === 0) this.grantIndex.delete(grantId);
    }
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}

/** An oidc-provider adapter class bound to `store`. */
export function memoryAdapter(store: MemoryStore) {
  return class MemoryAdapter {
    private readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: StoredPayload, expiresIn: number): Promise<void> {
      store.set(this.key(id), structuredClone(payload), expiresIn);
    }

    async find(id: string): Promise<StoredPayload | undefined> {
      const payload = store.get(this.key(id));
      return payload === undefined ? undefined : structuredClone(payload);
    }

    async findByUserCode(userCode: string): Promise<StoredPayload | undefined> {
      const payload = store.findByUserCode(userCode);
      return payload === undefined ? undefined : structuredClone(payload);
    }

    async findByUid(uid: string): Promise<StoredPayload | undefined> {
      const payload = store.findByUid(uid);
      return payload === undefined ? undefined : structuredClone(payload);
    }

    async consume(id: string): Promise<void> {
      const payload = store.get(this.key(id));
      if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      store.deleteGrant(grantId);
    }
  };
}
