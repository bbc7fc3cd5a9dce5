/** Cuts text for a log line, saying how much was left out so the cut is not mistaken for the data. */
export function previewText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more chars)`;
}

/** Decodes only the head of a possibly huge buffer, so previewing a 64 MiB line stays cheap. */
export function previewBytes(bytes: Uint8Array, maxBytes: number): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length <= maxBytes) return buffer.toString('utf8');
  return `${buffer.toString('utf8', 0, maxBytes)}… (${buffer.length - maxBytes} more bytes)`;
}
