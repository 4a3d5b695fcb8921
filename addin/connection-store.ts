/**
 * The hub address and token, kept in OfficeRuntime.storage (shared by the task pane and the
 * custom functions, and never written into the workbook). Outside Office, kept in memory.
 */
/// <reference types="office-runtime" />
import { createHubClient, type Connection, type HubClient } from './hub-client.js';

const KEY = 'iom-hub.connection';
const memory = new Map<string, string>();

function storage(): { getItem(key: string): Promise<string | null>; setItem(key: string, value: string): Promise<void>; removeItem(key: string): Promise<void> } {
  if (typeof OfficeRuntime !== 'undefined' && OfficeRuntime.storage) return OfficeRuntime.storage;
  return {
    getItem: async (key) => memory.get(key) ?? null,
    setItem: async (key, value) => void memory.set(key, value),
    removeItem: async (key) => void memory.delete(key),
  };
}

export async function loadConnection(): Promise<Connection | null> {
  const text = await storage().getItem(KEY);
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as Connection;
    return typeof parsed.url === 'string' ? { url: parsed.url, token: parsed.token ?? '' } : null;
  } catch {
    return null;
  }
}

export async function saveConnection(connection: Connection): Promise<void> {
  await storage().setItem(KEY, JSON.stringify(connection));
}

export async function forgetConnection(): Promise<void> {
  await storage().removeItem(KEY);
}

/**
 * A client that reads the saved connection at each call, so a reconnect in the pane applies at once;
 * `headers` (read at each call too) go with every request: the workbook's lineage for the cell functions.
 */
export function savedConnectionClient(headers: () => Promise<Record<string, string>> = async () => ({})): HubClient {
  async function client(): Promise<HubClient> {
    const connection = await loadConnection();
    if (!connection) throw new Error('Not connected to a hub: open the IOM Hub pane and connect.');
    return createHubClient(connection, undefined, await headers());
  }
  return {
    send: async (query, variables, signal) => (await client()).send(query, variables, signal),
    request: async (query, variables, signal) => (await client()).request(query, variables, signal),
  };
}
