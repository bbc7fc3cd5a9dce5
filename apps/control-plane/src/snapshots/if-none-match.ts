/**
 * The snapshot versions named by an If-None-Match header: `"12"`, `W/"12"`, a list of them,
 * or `*`. Entries that are not versions of ours are ignored (they match nothing).
 */
export function parseIfNoneMatch(header: string | undefined): readonly number[] | '*' | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  for (const entry of header.split(',')) {
    const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(entry);
    if (match?.[1] !== undefined) versions.push(Number(match[1]));
  }
  return versions;
}

/** The ETag of a snapshot version, as nodes send it back in If-None-Match. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}
