/**
 * A deterministic estimate of how many bytes a message would take on the wire, so a run can report the bytes
 * it sent beside the message count. It is an estimate under one simple, documented encoding, not a real
 * serializer: what matters is that it grows with what a message carries (log entries, versions, version
 * vectors, values) and is the same in every run of a scenario.
 *
 * The encoding:
 * - every message: a fixed envelope of `HEADER_BYTES` (message id, sender, receiver, send time, type tag,
 *   framing);
 * - every number (term, index, request id, timestamp, version, sequence number): 8 bytes; a boolean: 1 byte;
 * - a string (key, value, node id, error text): a 2-byte length and one byte per character;
 * - a list: a 2-byte count and its items; a version vector: a list of (node id, 8-byte counter) pairs;
 * - an optional field counts only when present.
 * Each model adds up its own message types with these primitives (`ReplicationModel.payloadBytes`).
 */
import type { ClientReply, ClientRequest } from '../models/model.ts';
import type { VersionVector } from '../models/shared/versionVector.ts';

export const HEADER_BYTES = 24;
export const NUM_BYTES = 8;
export const BOOL_BYTES = 1;
export const LEN_BYTES = 2;

export function strBytes(s: string): number {
  return LEN_BYTES + s.length;
}

export function strListBytes(list: readonly string[]): number {
  let n = LEN_BYTES;
  for (const s of list) n += LEN_BYTES + s.length;
  return n;
}

export function vectorBytes(vv: VersionVector): number {
  let n = LEN_BYTES;
  for (const node in vv) n += LEN_BYTES + node.length + NUM_BYTES;
  return n;
}

/** The payload of the client request and reply messages every model speaks. */
export function clientPayloadBytes(b: ClientRequest | ClientReply): number {
  switch (b.type) {
    case 'clientWrite':
      return (
        NUM_BYTES +
        strBytes(b.key) +
        strBytes(b.value) +
        (b.autoIncrement ? BOOL_BYTES : 0) +
        (b.context ? vectorBytes(b.context) : 0)
      );
    case 'clientRead':
      return NUM_BYTES + strBytes(b.key) + (b.minIndex !== undefined ? NUM_BYTES : 0);
    case 'clientReply': {
      let n = NUM_BYTES + BOOL_BYTES;
      if (b.value !== undefined) n += b.value === null ? BOOL_BYTES : strBytes(b.value);
      if (b.version !== undefined) n += NUM_BYTES;
      if (b.error !== undefined) n += strBytes(b.error);
      if (b.redirect !== undefined) n += strBytes(b.redirect);
      if (b.term !== undefined) n += NUM_BYTES;
      if (b.siblings) n += strListBytes(b.siblings);
      if (b.context) n += vectorBytes(b.context);
      if (b.dot) n += strBytes(b.dot.node) + NUM_BYTES;
      if (b.opIds) n += LEN_BYTES + NUM_BYTES * b.opIds.length;
      if (b.ts !== undefined) n += NUM_BYTES;
      if (b.forwarded !== undefined) n += BOOL_BYTES;
      if (b.refused !== undefined) n += BOOL_BYTES;
      if (b.indeterminate !== undefined) n += BOOL_BYTES;
      return n;
    }
    default: {
      const never: never = b;
      return never;
    }
  }
}
