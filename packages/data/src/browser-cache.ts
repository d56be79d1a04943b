/**
 * Keeping downloaded dataset files in the browser's Cache Storage, so that a second visit reads them locally. Only
 * files whose content passed the checksum are stored; an entry that no longer decodes is dropped and fetched again.
 */

/** The Cache Storage of this context, or undefined where there is none (Node, insecure origins). */
function cacheStorage(): CacheStorage | undefined {
  return (globalThis as { caches?: CacheStorage }).caches;
}

/** The bytes stored for `url` in the cache `name`, or undefined when there are none (or no Cache Storage). */
export async function cachedBytes(name: string, url: string): Promise<Uint8Array | undefined> {
  const storage = cacheStorage();
  if (!storage) return undefined;
  const response = await (await storage.open(name)).match(url);
  return response ? new Uint8Array(await response.arrayBuffer()) : undefined;
}

/** Stores `bytes` as the content of `url` in the cache `name`; quietly does nothing without Cache Storage. */
export async function storeBytes(name: string, url: string, bytes: Uint8Array): Promise<void> {
  const storage = cacheStorage();
  if (!storage) return;
  // A full disk or a private window refuses the write: the data is loaded anyway, just not kept.
  await (await storage.open(name))
    .put(url, new Response(bytes as BlobPart, { headers: { 'content-length': String(bytes.length) } }))
    .catch(() => undefined);
}

/** Forgets the entry of `url` in the cache `name`. */
export async function dropCached(name: string, url: string): Promise<void> {
  await (await cacheStorage()?.open(name))?.delete(url);
}
